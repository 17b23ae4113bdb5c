package dev.bayan.tools.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the ONNX files {@link ConvertNsfwjs} wrote (by the fetch step) against values the original
 * TF.js model gives, run in ONNX Runtime. Model paths: system properties {@code bayan.model} and
 * {@code bayan.model.cut}.
 */
class ConvertNsfwjsTest {
  private static final int SIZE = 224;
  private static final int PIXELS = 3 * SIZE * SIZE;
  private static final double GOLDEN_TOLERANCE = 1e-4;

  private static final float[] GOLDEN_PROBS = {0.0139853f, 0.0017405f, 0.9838672f, 0.0003704f, 0.0000366f};
  private static final float[] GOLDEN_EMBEDDING_HEAD = {0, 0, 0, 0.0024967f, 0.0040479f, 0.0076627f, 0, 0};
  private static final float[] GOLDEN_MID_HEAD =
      {0.0339346f, -0.0239687f, -0.1139881f, 0.0147272f, -0.0133996f, -0.0947343f, 0.0288285f, 0.0301207f};

  private static OrtEnvironment env;
  private static OrtSession full;
  private static OrtSession cut;
  private static Path fullPath;

  @BeforeAll
  static void loadModels() throws OrtException {
    env = OrtEnvironment.getEnvironment();
    fullPath = requireModel("bayan.model", "models/mobilenet_v2.onnx", "");
    full = env.createSession(fullPath.toString(), singleThread());
    cut = env.createSession(requireModel("bayan.model.cut", "models/mobilenet_v2_cut.onnx", " --cut").toString(),
        singleThread());
  }

  @AfterAll
  static void close() throws OrtException {
    if (full != null) {
      full.close();
    }
    if (cut != null) {
      cut.close();
    }
  }

  private static Path requireModel(String property, String fallback, String flag) {
    Path path = Path.of(System.getProperty(property, fallback));
    if (!Files.isRegularFile(path)) {
      fail("model " + path.toAbsolutePath() + " is missing: run the fetch step first (`scripts/bayan fetch-model`,"
          + " i.e. `npm pack nsfwjs@4.4.0` then ConvertNsfwjs --package <tgz> --out " + fallback + flag + ")");
    }
    return path;
  }

  private static OrtSession.SessionOptions singleThread() throws OrtException {
    var options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    return options;
  }

  @Test
  void fullModelGivesTheGoldenValuesOfTheTfjsModel() throws OrtException {
    Map<String, float[][]> out = run(full, golden());

    assertClose(out.get("probs")[0], GOLDEN_PROBS, GOLDEN_TOLERANCE);
    assertClose(head(out.get("embedding")[0], 8), GOLDEN_EMBEDDING_HEAD, GOLDEN_TOLERANCE);
    assertClose(head(out.get("embedding_mid")[0], 8), GOLDEN_MID_HEAD, GOLDEN_TOLERANCE);
  }

  @Test
  void embeddingsAreUnitVectorsAndScoresAProbabilityDistribution() throws OrtException {
    Map<String, float[][]> out = run(full, concat(golden(), other()));

    for (int row = 0; row < 2; row++) {
      assertThat(out.get("embedding")[row]).hasSize(1280);
      assertThat(out.get("embedding_mid")[row]).hasSize(576);
      assertThat(out.get("probs")[row]).hasSize(5);
      assertThat(norm(out.get("embedding")[row])).isCloseTo(1.0, within(1e-5));
      assertThat(norm(out.get("embedding_mid")[row])).isCloseTo(1.0, within(1e-5));
      double sum = 0;
      for (float p : out.get("probs")[row]) {
        assertThat(p).isBetween(0f, 1f);
        sum += p;
      }
      assertThat(sum).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void batchIsDynamicAndRowsDoNotInfluenceEachOther() throws OrtException {
    Map<String, float[][]> single = run(full, golden());
    Map<String, float[][]> batch = run(full, concat(golden(), other(), golden()));

    for (String output : new String[] {"probs", "embedding", "embedding_mid"}) {
      float[][] rows = batch.get(output);
      assertThat(rows).hasNumberOfRows(3);
      assertClose(rows[2], rows[0], 1e-6);
      assertClose(rows[0], single.get(output)[0], 1e-5);
      assertThat(maxAbsDiff(rows[0], rows[1])).as("a different image gives a different %s", output)
          .isGreaterThan(1e-3);
    }
  }

  @Test
  void modelsDeclareTheContract() throws OrtException {
    NodeInfo input = full.getInputInfo().get("input");
    assertThat(full.getInputNames()).containsExactly("input");
    assertThat(((TensorInfo) input.getInfo()).getShape()).containsExactly(-1, 3, SIZE, SIZE);
    assertThat(full.getOutputNames()).containsExactlyInAnyOrder("probs", "embedding", "embedding_mid");
    assertThat(((TensorInfo) full.getOutputInfo().get("embedding").getInfo()).getShape()).containsExactly(-1, 1280);
    assertThat(cut.getInputNames()).containsExactly("input");
    assertThat(cut.getOutputNames()).containsExactly("embedding_mid");
    assertThat(full.getMetadata().getCustomMetadata()).containsEntry("labels", "Drawing,Hentai,Neutral,Porn,Sexy");
    assertThat(fullPath.toAbsolutePath().resolveSibling("LICENSE.nsfwjs")).content().contains("Infinite Red");
  }

  @Test
  void cutModelGivesTheFullModelsMidEmbedding() throws OrtException {
    float[] images = concat(golden(), other());
    float[][] fromFull = run(full, images).get("embedding_mid");
    float[][] fromCut = run(cut, images).get("embedding_mid");

    assertClose(fromCut[0], fromFull[0], 1e-5);
    assertClose(fromCut[1], fromFull[1], 1e-5);
    assertClose(head(fromCut[0], 8), GOLDEN_MID_HEAD, GOLDEN_TOLERANCE);
  }

  /** The golden image: x[0,c,y,x] = (x*7 + y*13 + c*50) % 256. */
  private static float[] golden() {
    return image((c, y, x) -> (x * 7 + y * 13 + c * 50) % 256);
  }

  private static float[] other() {
    return image((c, y, x) -> (x * x + 3 * y + c * 90 + 17) % 256);
  }

  private interface Pixel {
    int at(int c, int y, int x);
  }

  private static float[] image(Pixel pixel) {
    float[] data = new float[PIXELS];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          data[(c * SIZE + y) * SIZE + x] = pixel.at(c, y, x);
        }
      }
    }
    return data;
  }

  private static float[] concat(float[]... images) {
    float[] all = new float[images.length * PIXELS];
    for (int i = 0; i < images.length; i++) {
      System.arraycopy(images[i], 0, all, i * PIXELS, PIXELS);
    }
    return all;
  }

  private static Map<String, float[][]> run(OrtSession session, float[] nchw) throws OrtException {
    long batch = nchw.length / PIXELS;
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(nchw), new long[] {batch, 3, SIZE, SIZE});
         OrtSession.Result result = session.run(Map.of("input", input))) {
      Map<String, float[][]> out = new HashMap<>();
      result.forEach(e -> {
        try {
          out.put(e.getKey(), (float[][]) e.getValue().getValue());
        } catch (OrtException ex) {
          throw new IllegalStateException(ex);
        }
      });
      return out;
    }
  }

  private static float[] head(float[] v, int n) {
    return java.util.Arrays.copyOf(v, n);
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static void assertClose(float[] actual, float[] expected, double tolerance) {
    assertThat(actual).hasSameSizeAs(expected);
    assertThat(maxAbsDiff(actual, expected))
        .as("max |actual - expected| for %s vs %s", java.util.Arrays.toString(actual), java.util.Arrays.toString(expected))
        .isLessThanOrEqualTo(tolerance);
  }
}
