package dev.bayan.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Path CONF = Path.of("conf/bayan.yaml");

  @Test
  void shippedConfigurationLoads() {
    BayanConfig cfg = ConfigLoader.load(CONF, Map.of());
    assertThat(cfg.http().port()).isEqualTo(8080);
    assertThat(cfg.store().kind()).isEqualTo("embedded");
    assertThat(cfg.model().output()).isEqualTo("embedding_mid");
    assertThat(cfg.policy().rejectSimilarity()).isGreaterThan(cfg.policy().reviewSimilarity());
  }

  @Test
  void environmentAndPropertiesOverrideLeavesWithTheirTypes() {
    BayanConfig cfg = ConfigLoader.load(java.util.List.of(CONF), Map.of("BAYAN_EMBED_MAX_BATCH", "16", "BAYAN_HTTP_PORT", "1"),
        key -> key.equals("bayan.http.port") ? "9090" : null);
    assertThat(cfg.embed().maxBatch()).isEqualTo(16);
    assertThat(cfg.http().port()).isEqualTo(9090); // the system property wins over the environment
  }

  @Test
  void envNamesFollowTheKeyPath() {
    assertThat(ConfigLoader.envName("bayan.store.milvus.timeoutMs")).isEqualTo("BAYAN_STORE_MILVUS_TIMEOUT_MS");
  }

  @Test
  void invalidValuesFailWithTheKeyName() {
    assertThatThrownBy(() -> ConfigLoader.load(CONF, Map.of("bayan.policy.reviewSimilarity", "1.5")))
        .hasMessageContaining("policy.reviewSimilarity");
    assertThatThrownBy(() -> ConfigLoader.load(CONF, Map.of("bayan.store.kind", "redis")))
        .hasMessageContaining("store.kind");
  }

  @Test
  void unknownKeysAreRejected(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bayan.yaml");
    Files.writeString(file, Files.readString(CONF).replace("maxWaitMs: 2", "maxWaitMs: 2\n  maxWiat: 3"));
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).hasMessageContaining("maxWiat");
  }
}
