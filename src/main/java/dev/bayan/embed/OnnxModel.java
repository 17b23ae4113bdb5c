package dev.bayan.embed;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.bayan.config.EmbedConfig;
import dev.bayan.config.ModelConfig;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX Runtime session and the knowledge of how to feed it. Not shared between threads by
 * design: each embed worker verticle owns one (intra-op threads = {@code embed.intraOpThreads}).
 */
public final class OnnxModel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);

  private final ModelConfig model;
  private final OrtSession session;
  private final String device;
  private final int dimension;
  private final long[] imageShape;

  public OnnxModel(ModelConfig model, EmbedConfig embed) {
    this.model = model;
    Path path = Path.of(model.path());
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("model file " + path.toAbsolutePath()
          + " is missing: run `scripts/bayan fetch-model` to produce it");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setIntraOpNumThreads(embed.intraOpThreads());
      options.setInterOpNumThreads(1);
      this.device = chooseDevice(options, embed.device());
      this.session = env.createSession(path.toString(), options);
      this.dimension = outputDimension(session, model.output());
      int s = model.size();
      this.imageShape = "NCHW".equals(model.layout()) ? new long[] {3, s, s} : new long[] {s, s, 3};
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load model " + path + ": " + e.getMessage(), e);
    }
  }

  /** Tries CUDA when asked; a machine without it falls back to the CPU provider. */
  private static String chooseDevice(OrtSession.SessionOptions options, String wanted) {
    if ("cuda".equals(wanted)) {
      try {
        options.addCUDA(0);
        return "cuda";
      } catch (OrtException | RuntimeException e) {
        LOG.warn("CUDA execution provider unavailable ({}); falling back to CPU", e.getMessage());
      }
    }
    return "cpu";
  }

  private static int outputDimension(OrtSession session, String output) throws OrtException {
    NodeInfo info = session.getOutputInfo().get(output);
    if (info == null) {
      throw new IllegalStateException("model has no output '" + output + "'; it has " + session.getOutputNames());
    }
    long[] shape = ((TensorInfo) info.getInfo()).getShape();
    return (int) shape[shape.length - 1];
  }

  /** Loads the model once to read its embedding size (the store is sized from it). */
  public static int probeDimension(ModelConfig model) {
    try (OnnxModel probe = new OnnxModel(model, new EmbedConfig(1, 1, 1, 0, 1, "cpu"))) {
      return probe.dimension();
    }
  }

  /** Floats of one image's input tensor. */
  public int imageLength() {
    return (int) (imageShape[0] * imageShape[1] * imageShape[2]);
  }

  public int dimension() {
    return dimension;
  }

  public String device() {
    return device;
  }

  public String id() {
    return model.id();
  }

  /**
   * Runs one batch: {@code images[i]} is one image's tensor ({@link #imageLength()} floats).
   * Returns one L2-normalised embedding per image.
   */
  public float[][] embed(float[][] images) throws OrtException {
    int n = images.length;
    int len = imageLength();
    FloatBuffer input = FloatBuffer.allocate(n * len);
    for (float[] image : images) input.put(image, 0, len);
    input.flip();
    long[] shape = {n, imageShape[0], imageShape[1], imageShape[2]};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
         OrtSession.Result result = session.run(Map.of(model.input(), tensor), Set.of(model.output()))) {
      float[][] out = (float[][]) result.get(0).getValue();
      if (model.normalize()) for (float[] v : out) Vectors.normalize(v);
      return out;
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("closing ONNX session: {}", e.getMessage());
    }
  }
}
