package dev.bayan.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bayan.config.PolicyConfig;
import dev.bayan.config.PolicyConfig.Thresholds;
import dev.bayan.error.BadInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFileTest {
  @TempDir Path dir;

  @Test
  void aSavedPolicyLoadsBackEqual() {
    PolicyFile file = new PolicyFile(dir.resolve("data/policy.json"));
    assertThat(file.load()).isEmpty();
    PolicyConfig policy = new PolicyConfig(0.93, 0.85, Map.of("memes", new Thresholds(0.97, 0.9)));
    file.save(policy);
    assertThat(file.load()).contains(policy);
    assertThat(Files.exists(dir.resolve("data/policy.json.tmp"))).isFalse();
  }

  @Test
  void aFileThatNoLongerValidatesStopsTheStartWithItsName() throws Exception {
    Path path = dir.resolve("policy.json");
    Files.writeString(path, "{\"rejectSimilarity\": 0.5, \"reviewSimilarity\": 0.7}");
    assertThatThrownBy(() -> new PolicyFile(path).load()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(path.toString()).hasMessageContaining("reviewSimilarity");
  }

  @Test
  void parseErrorsNameTheFieldAndCarryAStableCode() {
    assertThatThrownBy(() -> PolicyFile.parse("{\"rejectSimilarity\": null, \"reviewSimilarity\": 0.7}"))
        .isInstanceOfSatisfying(BadInput.class, e -> assertThat(e.code()).isEqualTo("invalid_policy"));
    assertThatThrownBy(() -> PolicyFile.parse("{\"rejectSimilarity\": 0.9, \"reviewSimilarity\": 0.7, "
        + "\"spaces\": {\"Cats\": {\"rejectSimilarity\": 0.9, \"reviewSimilarity\": 0.8}}}"))
        .hasMessageContaining("space names");
    assertThatThrownBy(() -> PolicyFile.parse("")).isInstanceOfSatisfying(BadInput.class,
        e -> assertThat(e.code()).isIn("invalid_json", "invalid_policy"));
  }
}
