package dev.bayan.tools.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Converts the MobileNetV2 of the npm package nsfwjs 4.4.0 (MIT) into the ONNX model Bayan
 * embeds with, and puts the package's licence next to it as {@code LICENSE.nsfwjs}.
 *
 * <pre>
 * ConvertNsfwjs --package nsfwjs-4.4.0.tgz|DIR --out models/mobilenet_v2.onnx [--cut] [--float32]
 * </pre>
 * {@code --cut} writes the smaller graph that ends at {@code embedding_mid};
 * {@code --float32} stores dequantised weights instead of the package's uint8 ones.
 */
public final class ConvertNsfwjs {
  static final String EXPECTED_VERSION = "4.4.0";

  private ConvertNsfwjs() {}

  public static void main(String[] args) throws IOException {
    Path pkgPath = null;
    Path out = null;
    boolean cut = false;
    boolean float32 = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--package" -> pkgPath = Path.of(value(args, ++i, "--package"));
        case "--out" -> out = Path.of(value(args, ++i, "--out"));
        case "--cut" -> cut = true;
        case "--float32" -> float32 = true;
        default -> usage("unknown argument " + args[i]);
      }
    }
    if (pkgPath == null || out == null) {
      usage("--package and --out are required");
    }
    long start = System.nanoTime();
    ModelProto model;
    try {
      model = convert(pkgPath, out, cut, float32);
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("conversion failed: " + e);
      System.exit(1);
      return;
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(Locale.ROOT, "wrote %s: %,d bytes, %d nodes, %d initializers, outputs %s, in %d ms%n",
        out, Files.size(out), model.graph().nodes().size(), model.graph().initializers().size(),
        model.graph().outputs().stream().map(ValueInfoProto::name).toList(), ms);
  }

  /** Converts and writes {@code out} (atomically) plus {@code LICENSE.nsfwjs} beside it. */
  static ModelProto convert(Path pkgPath, Path out, boolean cut, boolean float32) throws IOException {
    NpmPackage pkg = NpmPackage.open(pkgPath, p -> p.equals("package.json") || p.equals("LICENSE")
        || p.startsWith(NsfwjsExport.MODEL_DIR + "/"));
    JsonNode manifest = new ObjectMapper().readTree(pkg.read("package.json"));
    String name = manifest.path("name").asText();
    String version = manifest.path("version").asText();
    if (!name.equals("nsfwjs")) {
      throw new IOException(pkgPath + " is the npm package '" + name + "', not nsfwjs");
    }
    if (!version.equals(EXPECTED_VERSION)) {
      System.err.println("warning: nsfwjs " + version + " is not the tested " + EXPECTED_VERSION
          + "; the golden values of the tests may not hold");
    }
    TfjsLayersModel tfjs = TfjsLayersModel.load(pkg, NsfwjsExport.MODEL_DIR);
    ModelProto model = NsfwjsExport.build(tfjs, cut, !float32, "nsfwjs@" + version + " " + NsfwjsExport.MODEL_DIR);

    Path dir = out.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(out.getFileName() + ".part");
    try {
      Files.write(tmp, model.toByteArray());
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    Files.write(dir.resolve("LICENSE.nsfwjs"), pkg.read("LICENSE"));
    return model;
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      usage(flag + " needs a value");
    }
    return args[i];
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: ConvertNsfwjs --package nsfwjs-4.4.0.tgz|DIR --out FILE.onnx [--cut] [--float32]");
    System.exit(2);
  }
}
