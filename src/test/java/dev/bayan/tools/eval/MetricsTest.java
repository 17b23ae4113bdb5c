package dev.bayan.tools.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metric code on small hand-made predictions whose numbers were worked out by hand. */
class MetricsTest {
  @Test
  void averagePrecisionAndRecallAtPrecisionByHand() {
    // 3 copies; ranked: 0.9 right, 0.8 wrong, 0.7 right, 0.6 wrong, 0.5 wrong; the third copy is never found.
    PrecisionRecall pr = PrecisionRecall.of(List.of(new Prediction(0.6, false), new Prediction(0.9, true),
        new Prediction(0.5, false), new Prediction(0.7, true), new Prediction(0.8, false)), 3);
    // AP = 1/3 * 1 + 1/3 * 2/3 = 5/9
    assertThat(pr.averagePrecision()).isCloseTo(5.0 / 9, offset(1e-12));
    PrecisionRecall.Point at99 = pr.atPrecision(0.99).orElseThrow();
    assertThat(at99.threshold()).isEqualTo(0.9);
    assertThat(at99.recall()).isCloseTo(1.0 / 3, offset(1e-12));
    PrecisionRecall.Point at60 = pr.atPrecision(0.6).orElseThrow();
    assertThat(at60.threshold()).isEqualTo(0.7);
    assertThat(at60.recall()).isCloseTo(2.0 / 3, offset(1e-12));
    assertThat(at60.precision()).isCloseTo(2.0 / 3, offset(1e-12));
    assertThat(pr.curve()).hasSize(5);
  }

  @Test
  void equalScoresAreOneStep() {
    // 0.9 right and 0.9 wrong together: precision 1/2 at recall 1/2; then 0.4 right: 2/3 at 1.
    PrecisionRecall pr = PrecisionRecall.of(List.of(new Prediction(0.9, true), new Prediction(0.9, false),
        new Prediction(0.4, true)), 2);
    assertThat(pr.curve()).hasSize(2);
    assertThat(pr.averagePrecision()).isCloseTo(0.5 * 0.5 + 0.5 * 2.0 / 3, offset(1e-12));
    assertThat(pr.atPrecision(0.99)).isEmpty();
    assertThat(pr.atPrecision(0.6).orElseThrow().threshold()).isEqualTo(0.4);
  }

  @Test
  void ofEqualRecallsTheHighestThresholdIsChosen() {
    // after 0.8 (right), 0.7 and 0.6 are wrong: recall stays 1/2; at precision 0.5 the 0.8 point wins.
    PrecisionRecall pr = PrecisionRecall.of(List.of(new Prediction(0.8, true), new Prediction(0.7, false),
        new Prediction(0.6, false)), 2);
    assertThat(pr.atPrecision(0.3).orElseThrow().threshold()).isEqualTo(0.8);
  }

  @Test
  void withoutCopiesThereIsNoAveragePrecision() {
    assertThat(PrecisionRecall.of(List.of(new Prediction(0.9, false)), 0).averagePrecision()).isNaN();
    assertThat(PrecisionRecall.of(List.of(), 3).atPrecision(0.5)).isEmpty();
  }

  @Test
  void signalsScoreCandidatesAndAMissingPdqDistanceIsNoEvidence() {
    Candidate both = new Candidate("a", 0.70, 12, "cnn+pdq");
    Candidate cnnOnly = new Candidate("b", 0.80, null, "cnn");
    Candidate pdqOnly = new Candidate("c", null, 64, "pdq");
    assertThat(Signal.CNN.score(both)).isEqualTo(0.70);
    assertThat(Signal.PDQ.score(both)).isEqualTo(1 - 12 / 256.0);
    assertThat(Signal.HYBRID.score(both)).isEqualTo(1 - 12 / 256.0);
    assertThat(Signal.PDQ.score(cnnOnly)).isNull();
    assertThat(Signal.HYBRID.score(cnnOnly)).isEqualTo(0.80);
    assertThat(Signal.CNN.score(pdqOnly)).isNull();
    assertThat(Signal.HYBRID.score(pdqOnly)).isEqualTo(0.75);
    assertThat(Signal.pdqDistance(Signal.pdqScore(31))).isEqualTo(31);
  }

  @Test
  void theAnswerFormatParsesWithAndWithoutPdq() {
    Answer hybrid = EvalGateway.answer(new JsonObject("""
        {"decision":"reject","original":{"postId":"p1"},"matches":[
          {"postId":"p1","space":"eval","similarity":0.91,"pdqDistance":8,"signal":"cnn+pdq","createdAt":1},
          {"postId":"p2","space":"eval","similarity":null,"pdqDistance":30,"signal":"pdq","createdAt":2},
          {"postId":"p3","space":"eval","similarity":0.5,"pdqDistance":null,"signal":"cnn","createdAt":3}]}"""));
    assertThat(hybrid.decision()).isEqualTo("reject");
    assertThat(hybrid.original()).isEqualTo("p1");
    assertThat(hybrid.candidates()).containsExactly(new Candidate("p1", 0.91, 8, "cnn+pdq"),
        new Candidate("p2", null, 30, "pdq"), new Candidate("p3", 0.5, null, "cnn"));
    Answer cnnOnly = EvalGateway.answer(new JsonObject("""
        {"decision":"accept","original":null,"matches":[{"postId":"p1","space":"eval","similarity":0.4,
         "signal":"cnn","createdAt":1}]}"""));
    assertThat(cnnOnly.original()).isNull();
    assertThat(cnnOnly.candidates()).containsExactly(new Candidate("p1", 0.4, null, "cnn"));
  }

  /**
   * Two copies (a jpeg of o1 found by both signals, a flip of o2 found by PDQ only) and two
   * negatives (one unmodified, one jpeg) whose best wrong post scores 0.6 and 0.95 on the CNN.
   */
  private static List<Query> handMadeQueries() {
    Transform jpeg = new JpegQuality();
    Transform flip = new HorizontalFlip();
    List<Query> q = new ArrayList<>();
    q.add(new Query(0, Path.of("o1.jpg"), jpeg, "o1", "jpeg q30", new Answer("reject", "o1",
        List.of(new Candidate("o1", 0.97, 4, "cnn+pdq"), new Candidate("o2", 0.30, null, "cnn")), null)));
    q.add(new Query(1, Path.of("o2.jpg"), flip, "o2", "flip", new Answer("review", "o2",
        List.of(new Candidate("o1", 0.50, null, "cnn"), new Candidate("o2", 0.40, 20, "pdq")), null)));
    q.add(new Query(2, Path.of("n1.jpg"), null, null, "as-is", new Answer("accept", null,
        List.of(new Candidate("o1", 0.60, null, "cnn")), null)));
    q.add(new Query(3, Path.of("n1.jpg"), jpeg, null, "jpeg q50", new Answer("reject", "o2",
        List.of(new Candidate("o2", 0.95, null, "cnn")), null)));
    return q;
  }

  @Test
  void signalReportByHand() {
    List<Query> queries = handMadeQueries();
    SignalReport cnn = SignalReport.of(Signal.CNN, queries, List.of(0.99, 0.5));
    // CNN ranking: 0.97 right, 0.95 wrong, 0.60 wrong, 0.50 wrong, 0.40 right, 0.30 wrong; 2 copies
    // AP = 1/2 * 1 + 1/2 * 2/5 = 0.7
    assertThat(cnn.curve().averagePrecision()).isCloseTo(0.7, offset(1e-12));
    SignalReport.Operating at99 = cnn.headline();
    assertThat(at99.point().threshold()).isEqualTo(0.97);
    assertThat(at99.recall()).isEqualTo(0.5);
    assertThat(at99.negativeRate()).isZero();
    assertThat(cnn.recallPerFamily(0.97)).containsEntry("jpeg", 1.0).containsEntry("flip", 0.0);
    // at precision 0.5 the 0.97 point is the best (recall 1 only comes at precision 2/5)
    assertThat(cnn.operating().get(1).point().threshold()).isEqualTo(0.97);
    assertThat(cnn.negativeRate(0.6, false)).isEqualTo(1.0);
    assertThat(cnn.negativeRate(0.6, true)).isEqualTo(1.0);
    assertThat(cnn.negativeRate(0.9, true)).isZero();

    SignalReport pdq = SignalReport.of(Signal.PDQ, queries, List.of(0.99, 0.9));
    // PDQ ranking: d=4 right, d=20 right; nothing else has a distance: AP 1, recall 1 at distance <= 20
    assertThat(pdq.hasEvidence()).isTrue();
    assertThat(pdq.curve().averagePrecision()).isEqualTo(1.0);
    assertThat(pdq.headline().recall()).isEqualTo(1.0);
    assertThat(pdq.thresholdText(pdq.headline().point())).isEqualTo("distance <= 20");
    assertThat(pdq.headline().negativeRate()).isZero();

    SignalReport hybrid = SignalReport.of(Signal.HYBRID, queries, List.of(0.99));
    // hybrid: o1 max(0.97, 0.984) right, 0.95 wrong, o2 max(0.40, 0.922) right, 0.60, 0.50, 0.30 wrong
    // AP = 1/2 * 1 + 1/2 * 2/3
    assertThat(hybrid.curve().averagePrecision()).isCloseTo(0.5 + 1.0 / 3, offset(1e-12));
  }

  @Test
  void answersWithoutPdqGiveThePdqSignalNoEvidence() {
    List<Query> queries = List.of(new Query(0, Path.of("o1.jpg"), new JpegQuality(), "o1", "jpeg q30",
        new Answer("reject", "o1", List.of(new Candidate("o1", 0.97, null, "cnn")), null)));
    SignalReport pdq = SignalReport.of(Signal.PDQ, queries, List.of(0.99));
    assertThat(pdq.hasEvidence()).isFalse();
    assertThat(pdq.headline().reached()).isFalse();
    assertThat(pdq.thresholdText(null)).isEqualTo("not reached");
  }

  @Test
  void decisionSummaryByHand() {
    DecisionSummary d = DecisionSummary.of(handMadeQueries());
    assertThat(d.copies().total).isEqualTo(2);
    assertThat(d.copies().rejectRight).isEqualTo(1);
    assertThat(d.copies().reviewRight).isEqualTo(1);
    assertThat(d.negatives().total).isEqualTo(2);
    assertThat(d.negatives().flagged()).isEqualTo(1);
    assertThat(d.negatives().rejectOther).isEqualTo(1);
    assertThat(d.asIsNegatives().flagged()).isZero();
    assertThat(d.copiesByGroup().get("flip").reviewRight).isEqualTo(1);
    assertThat(d.negativesByGroup().get("jpeg").rejectOther).isEqualTo(1);
  }
}
