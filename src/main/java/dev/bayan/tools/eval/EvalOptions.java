package dev.bayan.tools.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code scripts/bayan eval}.
 *
 * @param negatives a directory of never-indexed images; when null, {@code negativeFraction} of the
 *     originals are held out as negatives instead
 * @param limit how many images of {@code originals} to use (seeded sample, before the split); 0 = all
 * @param copies transforms per original (and per negative), at most the number of families; 0 = all
 * @param manifest a TSV with columns file and kind (the corpus's manifest.tsv): adds a table by kind; may be null
 * @param settings configuration overrides ({@code bayan.policy.rejectSimilarity=0.85}), applied to {@code conf}
 */
record EvalOptions(Path originals, Path distractors, Path negatives, double negativeFraction, Path out, long seed,
                   int limit, double precision, String transforms, int copies, Path conf, int concurrency,
                   Path manifest, Map<String, String> settings, List<String> args) {
  static final String USAGE = """
      usage: scripts/bayan eval --originals DIR [--distractors DIR] [--negatives DIR | --negative-fraction 0.2]
                                [--out DIR] [--seed 1] [--limit N] [--precision 0.99] [--transforms a,b,...]
                                [--copies N] [--manifest FILE] [--conf FILE] [--set bayan.key=value]...
                                [--concurrency 16]
        --originals DIR        images to index and make copies of (a seeded share becomes negatives)
        --distractors DIR      more images to index (never copied): makes the search harder
        --negatives DIR        never-indexed images to query (instead of holding some originals out)
        --negative-fraction F  share of the originals held out as negatives when --negatives is absent (0.2)
        --out DIR              where report.md and the PNGs go (target/eval)
        --seed S               seeds the split and every transform (1)
        --limit N              use a seeded sample of N images from --originals (all)
        --precision P          the target precision for thresholds and recall (0.99)
        --transforms LIST      transform families to use, comma-separated (all; see the report's list)
        --copies N             transforms per original, rotated so every family gets the same share (all)
        --manifest FILE        TSV with columns file and kind (e.g. the corpus's manifest.tsv): results by kind
        --conf FILE            gateway configuration (conf/bayan.yaml); the store is always a fresh temporary one
        --set KEY=VALUE        a configuration override, e.g. --set bayan.policy.rejectSimilarity=0.85
        --concurrency N        checks in flight (16)
      """;

  EvalOptions {
    if (originals == null) throw new IllegalArgumentException("--originals DIR is required");
    if (negatives == null && (negativeFraction <= 0 || negativeFraction >= 1)) {
      throw new IllegalArgumentException("--negative-fraction must be in (0, 1)");
    }
    if (precision <= 0 || precision > 1) throw new IllegalArgumentException("--precision must be in (0, 1]");
    if (limit < 0 || copies < 0) throw new IllegalArgumentException("--limit and --copies must be >= 0");
    if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be >= 1");
    settings = Map.copyOf(settings);
    args = List.copyOf(args);
  }

  static EvalOptions parse(String[] argv) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> settings = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String key = argv[i];
      if (!key.startsWith("--")) throw new IllegalArgumentException("unexpected argument " + key);
      if (i + 1 >= argv.length) throw new IllegalArgumentException(key + " needs a value");
      String value = argv[++i];
      switch (key) {
        case "--originals", "--distractors", "--negatives", "--negative-fraction", "--out", "--seed", "--limit",
             "--precision", "--transforms", "--copies", "--conf", "--concurrency", "--manifest" ->
            values.put(key.substring(2), value);
        case "--set" -> {
          int eq = value.indexOf('=');
          if (eq < 1 || !value.startsWith("bayan.")) throw new IllegalArgumentException("--set wants bayan.key=value");
          settings.put(value.substring(0, eq), value.substring(eq + 1));
        }
        default -> throw new IllegalArgumentException("unknown option " + key);
      }
    }
    try {
      return new EvalOptions(path(values.get("originals")), path(values.get("distractors")),
          path(values.get("negatives")), Double.parseDouble(values.getOrDefault("negative-fraction", "0.2")),
          Path.of(values.getOrDefault("out", "target/eval")), Long.parseLong(values.getOrDefault("seed", "1")),
          Integer.parseInt(values.getOrDefault("limit", "0")),
          Double.parseDouble(values.getOrDefault("precision", "0.99")), values.get("transforms"),
          Integer.parseInt(values.getOrDefault("copies", "0")), Path.of(values.getOrDefault("conf", "conf/bayan.yaml")),
          Integer.parseInt(values.getOrDefault("concurrency", "16")), path(values.get("manifest")), settings,
          new ArrayList<>(List.of(argv)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + e.getMessage());
    }
  }

  private static Path path(String value) {
    return value == null ? null : Path.of(value);
  }

  /** The precisions the report gives thresholds for: the target first, then 0.95 and 0.90 when lower. */
  List<Double> targets() {
    List<Double> targets = new ArrayList<>(List.of(precision));
    for (double p : new double[] {0.95, 0.90}) if (p < precision) targets.add(p);
    return targets;
  }
}
