package dev.bayan.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bayan.error.BadInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackTest {
  @TempDir Path dir;

  @Test
  void aNotDuplicateVerdictDismissesThePairInBothDirectionsAndSurvivesAReopen() {
    Path file = dir.resolve("data/feedback.jsonl");
    Feedback feedback = Feedback.open(file);
    feedback.record(new Feedback.Entry("b", "a", Feedback.NOT_DUPLICATE, 1000));
    assertThat(feedback.dismissed("b", "a")).isTrue();
    assertThat(feedback.dismissed("a", "b")).isTrue();
    assertThat(feedback.dismissed("b", "c")).isFalse();

    Feedback reopened = Feedback.open(file);
    assertThat(reopened.dismissed("a", "b")).isTrue();
    assertThat(reopened.recent("a", 10)).extracting(Feedback.Entry::verdict).containsExactly(Feedback.NOT_DUPLICATE);
  }

  @Test
  void theLatestVerdictWinsAndConfirmedAloneDismissesNothing() {
    Path file = dir.resolve("feedback.jsonl");
    Feedback feedback = Feedback.open(file);
    feedback.record(new Feedback.Entry("x", "y", Feedback.CONFIRMED, 1));
    assertThat(feedback.dismissed("x", "y")).isFalse();
    feedback.record(new Feedback.Entry("x", "y", Feedback.NOT_DUPLICATE, 2));
    feedback.record(new Feedback.Entry("y", "x", Feedback.CONFIRMED, 3));
    assertThat(feedback.dismissed("x", "y")).isFalse();
    assertThat(Feedback.open(file).dismissed("x", "y")).isFalse();
    assertThat(feedback.recent(null, 10)).hasSize(1);
  }

  @Test
  void aTornLastLineIsSkippedAndTheRestIsKept() throws Exception {
    Path file = dir.resolve("feedback.jsonl");
    Feedback.open(file).record(new Feedback.Entry("p", "q", Feedback.NOT_DUPLICATE, 5));
    Files.writeString(file, "{\"postId\":\"r\",\"matchedPo", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Feedback reopened = Feedback.open(file);
    assertThat(reopened.dismissed("p", "q")).isTrue();
    assertThat(reopened.dismissedPairs()).isEqualTo(1);
  }

  @Test
  void entriesAreValidated() {
    assertThatThrownBy(() -> new Feedback.Entry("a", "a", Feedback.CONFIRMED, 1)).isInstanceOf(BadInput.class)
        .hasMessageContaining("differ");
    assertThatThrownBy(() -> new Feedback.Entry("a b", "c", Feedback.CONFIRMED, 1)).isInstanceOf(BadInput.class);
    assertThatThrownBy(() -> new Feedback.Entry("a", "c", "meh", 1)).isInstanceOf(BadInput.class)
        .hasMessageContaining("not_duplicate or confirmed");
  }
}
