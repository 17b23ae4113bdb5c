package dev.bayan.tools.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.TestGateway;
import dev.bayan.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole tool on committed photos: a real gateway in this JVM (real model, Lucene store in a
 * temporary directory, HTTP on loopback), 8 originals, 4 never-indexed negatives, 5 transform
 * families. Mild edits must be found, distinct photos must not be flagged, and the report and its
 * pictures must be written.
 */
class EvaluateTest {
  private static final List<String> ORIGINALS = TestImages.DISTINCT_PHOTOS.subList(0, 8);
  private static final List<String> NEGATIVES = TestImages.DISTINCT_PHOTOS.subList(8, 12);

  @TempDir Path dir;

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void findsMildCopiesLeavesNegativesAloneAndWritesTheReport() throws Exception {
    Path originals = copy(ORIGINALS, "originals");
    Path negatives = copy(NEGATIVES, "negatives");
    Path out = dir.resolve("report");
    EvalOptions options = EvalOptions.parse(new String[] {"--originals", originals.toString(), "--negatives",
        negatives.toString(), "--out", out.toString(), "--transforms", "jpeg,resize,crop,flip,caption",
        "--set", "bayan.model.path=" + TestGateway.model(), "--concurrency", "8",
        "--manifest", TestImages.DIR.resolve("LICENSES.tsv").toString()});

    EvalRun run = Evaluate.evaluate(options, System.out); // surefire keeps it in the test's output file

    assertThat(run.indexedOriginals()).isEqualTo(8);
    assertThat(run.copyQueries()).isEqualTo(8 * 5);
    assertThat(run.negativeQueries()).isEqualTo(4 * 6); // unmodified + 5 edits each
    assertThat(run.failedQueries()).isZero();

    SignalReport cnn = run.signal(Signal.CNN);
    assertThat(cnn.hasEvidence()).isTrue();
    assertThat(cnn.curve().averagePrecision()).isGreaterThan(0.8);
    assertThat(cnn.headline().reached()).isTrue();
    Map<String, Double> recall = cnn.recallPerFamily(cnn.headline().point().threshold());
    assertThat((recall.get("jpeg") + recall.get("resize")) / 2).as("mild edits found at precision 0.99")
        .isGreaterThan(0.8);
    assertThat(cnn.headline().negativeRate()).isLessThanOrEqualTo(0.1);

    DecisionSummary decisions = run.decisions();
    DecisionSummary.Tally jpeg = decisions.copiesByGroup().get("jpeg");
    assertThat(jpeg.rejectRight + jpeg.reviewRight).as("JPEG copies flagged with their original").isGreaterThanOrEqualTo(6);
    assertThat(decisions.asIsNegatives().flagged()).as("distinct photos are never flagged").isZero();
    assertThat(decisions.negatives().rate(decisions.negatives().flagged())).isLessThanOrEqualTo(0.15);

    String report = Files.readString(out.resolve("report.md"));
    assertThat(report).contains("## Summary at precision 0.99", "| CNN | ", "| PDQ | ", "## Recall per transform",
        "| jpeg | 8 | ", "| caption | 8 | ", "## By kind of image", "| photo | 40 | ", "![CNN](pr-cnn.png)",
        "![hardest cases](hardest.png)",
        "| flip | horizontal mirror |").doesNotContain("NaN");
    for (String png : List.of("pr-cnn.png", "pr-pdq.png", "pr-hybrid.png")) {
      BufferedImage plot = ImageIO.read(out.resolve(png).toFile());
      assertThat(plot.getWidth()).as(png).isEqualTo(720);
      assertThat(plot.getHeight()).as(png).isEqualTo(540);
    }
    BufferedImage sheet = ImageIO.read(out.resolve("hardest.png").toFile());
    assertThat(sheet.getWidth()).isGreaterThan(900);
    assertThat(Files.readAllLines(out.resolve("queries.tsv"))).hasSize(1 + 40 + 24);
  }

  @Test
  void badUsageExitsWith2AndPrintsTheUsage() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    assertThat(Evaluate.run(new String[0], log)).isEqualTo(2);
    assertThat(Evaluate.run(new String[] {"--originals", "x", "--transforms", "sepia"}, log)).isEqualTo(2);
    assertThat(Evaluate.run(new String[] {"--originals", "x", "--negative-fraction", "1.5"}, log)).isEqualTo(2);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("--originals DIR is required")
        .contains("unknown transform 'sepia'").contains("--negative-fraction must be in (0, 1)")
        .contains("usage: scripts/bayan eval");
  }

  private Path copy(List<String> names, String sub) throws IOException {
    Path target = Files.createDirectories(dir.resolve(sub));
    for (String name : names) Files.copy(TestImages.file(name), target.resolve(name));
    return target;
  }
}
