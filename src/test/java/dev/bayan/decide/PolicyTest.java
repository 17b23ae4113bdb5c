package dev.bayan.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bayan.config.PolicyConfig;
import dev.bayan.config.PolicyConfig.Thresholds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyTest {
  private final Policy policy = new Policy(new PolicyConfig(0.9, 0.8));

  private static Match m(String id, double similarity, long createdAt) {
    return new Match(id, "default", similarity, "cnn", createdAt);
  }

  @Test
  void acceptsWhenNothingIsCloseEnough() {
    Decision d = policy.decide("default", List.of(m("a", 0.79, 1)), 5);
    assertThat(d.outcome()).isEqualTo(Outcome.ACCEPT);
    assertThat(d.original()).isNull();
    assertThat(d.reason()).contains("a").contains("0.790");
  }

  @Test
  void greyZoneGoesToReview() {
    Decision d = policy.decide("default", List.of(m("a", 0.85, 1)), 5);
    assertThat(d.outcome()).isEqualTo(Outcome.REVIEW);
    assertThat(d.original().postId()).isEqualTo("a");
  }

  @Test
  void rejectNamesTheEarliestStrongMatchAsTheOriginal() {
    Decision d = policy.decide("default",
        List.of(m("repost", 0.99, 300), m("first", 0.95, 100), m("weak", 0.85, 50)), 5);
    assertThat(d.outcome()).isEqualTo(Outcome.REJECT);
    assertThat(d.original().postId()).isEqualTo("first");
    assertThat(d.matches()).extracting(Match::postId).containsExactly("repost", "first", "weak");
  }

  @Test
  void thresholdsChangeAtRunTime() {
    policy.update(new PolicyConfig(0.99, 0.98));
    assertThat(policy.decide("default", List.of(m("a", 0.95, 1)), 5).outcome()).isEqualTo(Outcome.ACCEPT);
  }

  @Test
  void matchesAreCappedAtMaxMatches() {
    Decision d = policy.decide("default", List.of(m("a", 0.5, 1), m("b", 0.4, 1), m("c", 0.3, 1)), 2);
    assertThat(d.matches()).hasSize(2);
  }

  @Test
  void aSpaceOverrideAppliesOnlyInThatSpace() {
    policy.update(new PolicyConfig(0.9, 0.8, Map.of("memes", new Thresholds(0.99, 0.97))));
    List<Match> evidence = List.of(m("a", 0.95, 1));
    assertThat(policy.decide("memes", evidence, 5).outcome()).isEqualTo(Outcome.ACCEPT);
    assertThat(policy.decide("memes", evidence, 5).reason()).contains("below review (cnn 0.97");
    assertThat(policy.decide("default", evidence, 5).outcome()).isEqualTo(Outcome.REJECT);
    assertThat(policy.decide("cats", evidence, 5).outcome()).isEqualTo(Outcome.REJECT);
  }

  @Test
  void invalidThresholdsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new PolicyConfig(0.8, 0.9)).hasMessageContaining("policy.reviewSimilarity");
    assertThatThrownBy(() -> new PolicyConfig(0.9, 0.8, Map.of("Bad Space", new Thresholds(0.9, 0.8))))
        .hasMessageContaining("space names");
    assertThatThrownBy(() -> new Thresholds(1.5, 0.8)).hasMessageContaining("rejectSimilarity");
  }
}
