package dev.bayan.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.decide.Outcome;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DecisionCountsTest {
  private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  private final DecisionCounts counts = new DecisionCounts(now::get);

  private void advanceSeconds(long seconds) {
    now.addAndGet(seconds * 1000);
  }

  @Test
  void windowsForgetWhatIsOlderThanThemButTheTotalDoesNot() {
    counts.add(Outcome.REJECT);
    counts.add(Outcome.ACCEPT);
    advanceSeconds(30);
    counts.add(Outcome.REJECT);
    assertThat(counts.last(60)).containsEntry(Outcome.REJECT, 2L).containsEntry(Outcome.ACCEPT, 1L)
        .containsEntry(Outcome.REVIEW, 0L);
    advanceSeconds(45); // the first two are 75 s old now
    assertThat(counts.last(60)).containsEntry(Outcome.REJECT, 1L).containsEntry(Outcome.ACCEPT, 0L);
    assertThat(counts.last(DecisionCounts.HOUR)).containsEntry(Outcome.REJECT, 2L).containsEntry(Outcome.ACCEPT, 1L);
    advanceSeconds(3600);
    assertThat(counts.last(DecisionCounts.HOUR)).containsEntry(Outcome.REJECT, 0L);
    assertThat(counts.total()).containsEntry(Outcome.REJECT, 2L).containsEntry(Outcome.ACCEPT, 1L);
  }

  @Test
  void aReusedBucketStartsFromZero() {
    counts.add(Outcome.REVIEW);
    advanceSeconds(DecisionCounts.HOUR); // same slot of the ring, one hour later
    counts.add(Outcome.ACCEPT);
    assertThat(counts.last(1)).containsEntry(Outcome.ACCEPT, 1L).containsEntry(Outcome.REVIEW, 0L);
    assertThat(counts.total()).containsEntry(Outcome.REVIEW, 1L);
  }
}
