package dev.bayan.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.config.PolicyConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyTest {
  private final Policy policy = new Policy(new PolicyConfig(0.9, 0.8));

  private static Match m(String id, double similarity, long createdAt) {
    return new Match(id, "default", similarity, "cnn", createdAt);
  }

  @Test
  void acceptsWhenNothingIsCloseEnough() {
    Decision d = policy.decide(List.of(m("a", 0.79, 1)), 5);
    assertThat(d.outcome()).isEqualTo(Outcome.ACCEPT);
    assertThat(d.original()).isNull();
    assertThat(d.reason()).contains("a").contains("0.790");
  }

  @Test
  void greyZoneGoesToReview() {
    Decision d = policy.decide(List.of(m("a", 0.85, 1)), 5);
    assertThat(d.outcome()).isEqualTo(Outcome.REVIEW);
    assertThat(d.original().postId()).isEqualTo("a");
  }

  @Test
  void rejectNamesTheEarliestStrongMatchAsTheOriginal() {
    Decision d = policy.decide(List.of(m("repost", 0.99, 300), m("first", 0.95, 100), m("weak", 0.85, 50)), 5);
    assertThat(d.outcome()).isEqualTo(Outcome.REJECT);
    assertThat(d.original().postId()).isEqualTo("first");
    assertThat(d.matches()).extracting(Match::postId).containsExactly("repost", "first", "weak");
  }

  @Test
  void thresholdsChangeAtRunTime() {
    policy.update(new PolicyConfig(0.99, 0.98));
    assertThat(policy.decide(List.of(m("a", 0.95, 1)), 5).outcome()).isEqualTo(Outcome.ACCEPT);
  }

  @Test
  void matchesAreCappedAtMaxMatches() {
    Decision d = policy.decide(List.of(m("a", 0.5, 1), m("b", 0.4, 1), m("c", 0.3, 1)), 2);
    assertThat(d.matches()).hasSize(2);
  }
}
