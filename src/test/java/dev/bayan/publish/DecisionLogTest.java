package dev.bayan.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.decide.Decision;
import dev.bayan.decide.Match;
import dev.bayan.decide.Outcome;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionLogTest {
  @Test
  void oneJsonLineCarriesPostDecisionBestMatchSimilarityAndTime() {
    Match best = new Match("first", "memes", 0.987654, "cnn", 10);
    DecisionEvent event = new DecisionEvent("second", "bob", "memes",
        new Decision(Outcome.REJECT, "repost of first", best, List.of(best)), false, "model-x", 1_700_000_000_000L,
        "http", "inst1");
    String line = DecisionLog.line(event);
    assertThat(line).doesNotContain("\n");
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("postId")).isEqualTo("second");
    assertThat(json.getString("decision")).isEqualTo("reject");
    assertThat(json.getString("bestMatch")).isEqualTo("first");
    assertThat(json.getDouble("similarity")).isEqualTo(0.9877);
    assertThat(json.getString("time")).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(json.getString("original")).isEqualTo("first");
  }

  @Test
  void anAcceptWithNoNeighbourHasNullEvidence() {
    DecisionEvent event = new DecisionEvent("lonely", null, "default",
        new Decision(Outcome.ACCEPT, "no similar post", null, List.of()), true, "m", 0, "kafka", "i");
    JsonObject json = new JsonObject(DecisionLog.line(event));
    assertThat(json.getString("decision")).isEqualTo("accept");
    assertThat(json.getValue("bestMatch")).isNull();
    assertThat(json.getBoolean("indexed")).isTrue();
  }
}
