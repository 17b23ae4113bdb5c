package dev.bayan.tools.eval;

import dev.bayan.image.ImageDecoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * {@code scripts/bayan eval}: how well the gateway finds edited copies. Indexes the originals in a
 * gateway started in this JVM, queries seeded edited copies and never-indexed negatives over HTTP,
 * and writes {@code report.md}, three precision-recall PNGs, a sheet of the hardest cases and
 * {@code queries.tsv} to {@code --out}. Exit status: 0 done, 1 failed, 2 bad usage.
 */
public final class Evaluate {
  /** The space the evaluation indexes into and queries. */
  static final String SPACE = "eval";
  private static final String DISTRACTOR_PREFIX = "distractor-";

  private Evaluate() {}

  public static void main(String[] args) {
    System.exit(run(args, System.err));
  }

  static int run(String[] args, PrintStream log) {
    EvalOptions options;
    try {
      options = EvalOptions.parse(args);
      Transforms.select(options.transforms());
    } catch (IllegalArgumentException e) {
      log.println("eval: " + e.getMessage());
      log.print(EvalOptions.USAGE);
      return 2;
    }
    try {
      EvalRun run = evaluate(options, log);
      log.println("eval: report in " + options.out().resolve("report.md"));
      SignalReport cnn = run.signal(Signal.CNN);
      log.printf(Locale.ROOT, "eval: CNN micro-AP %.3f, recall %.3f at %s%n", cnn.curve().averagePrecision(),
          cnn.headline().recall(), cnn.thresholdText(cnn.headline().point()));
      return 0;
    } catch (Exception e) {
      log.println("eval: failed: " + e);
      e.printStackTrace(log);
      return 1;
    }
  }

  static EvalRun evaluate(EvalOptions o, PrintStream log) throws IOException, InterruptedException {
    List<Transform> families = Transforms.select(o.transforms());
    int copies = o.copies() == 0 ? families.size() : Math.min(o.copies(), families.size());
    List<Path> inputs = EvalInputs.images(o.originals());
    EvalInputs.Split split = o.negatives() == null ? EvalInputs.split(inputs, o.negativeFraction(), o.seed(), o.limit())
        : new EvalInputs.Split(EvalInputs.limited(inputs, o.seed(), o.limit()), EvalInputs.images(o.negatives()));
    List<Path> distractors = o.distractors() == null ? List.of() : EvalInputs.images(o.distractors());
    Path work = Files.createTempDirectory("bayan-eval");
    Path index = work.resolve("index");
    Set<String> ids = new HashSet<>();
    Map<String, Path> originals = EvalInputs.stage(split.originals(), "", index, ids);
    Map<String, Path> staged = new LinkedHashMap<>(originals);
    staged.putAll(EvalInputs.stage(distractors, DISTRACTOR_PREFIX, index, ids));
    log.printf("eval: %d originals, %d distractors, %d negatives; %d of %d transforms per image (%s)%n",
        originals.size(), distractors.size(), split.negatives().size(), copies, families.size(),
        ReportWriter.names(families));

    Vertx vertx = Vertx.vertx();
    try (EvalGateway gateway = EvalGateway.start(vertx, o.conf(), work, o.settings(), o.concurrency())) {
      long t0 = System.nanoTime();
      JsonObject end = gateway.backfill(index, SPACE).await();
      double indexSeconds = (System.nanoTime() - t0) / 1e9;
      if (!"done".equals(end.getString("state"))) throw new IllegalStateException("backfill ended " + end.encode());
      log.printf(Locale.ROOT, "eval: indexed %d, failed %d, skipped %d in %.1f s%n", end.getInteger("indexed"),
          end.getInteger("failed"), end.getInteger("skipped"), indexSeconds);
      List<String> indexed = held(gateway, originals.keySet());
      int indexedDistractors = held(gateway, staged.keySet()).size() - indexed.size();

      ImageDecoder decoder = new ImageDecoder(gateway.config().image());
      CopyMaker maker = new CopyMaker(o.seed());
      List<QueryRunner.Job> jobs = plan(indexed, originals, split.negatives(), families, copies, o.seed());
      long t1 = System.nanoTime();
      List<Query> queries = new QueryRunner(gateway, decoder, maker, SPACE, o.concurrency(), log).run(jobs);
      double querySeconds = (System.nanoTime() - t1) / 1e9;

      Map<Signal, SignalReport> signals = new EnumMap<>(Signal.class);
      for (Signal s : Signal.values()) signals.put(s, SignalReport.of(s, queries, o.targets()));
      String modelId = gateway.config().model().id();
      EvalRun run = new EvalRun(o, modelId, gateway.policy().await().encode(), originals.size(), indexed.size(),
          distractors.size(), indexedDistractors, split.negatives().size(), families, copies, queries, signals,
          DecisionSummary.of(queries), indexSeconds, querySeconds,
          o.manifest() == null ? Map.of() : Manifest.kinds(o.manifest()));
      write(run, staged, decoder, maker);
      return run;
    } finally {
      vertx.close().await();
      delete(work);
    }
  }

  /** The postIds of {@code ids} that the store holds (backfill failures are left out). */
  private static List<String> held(EvalGateway gateway, Iterable<String> ids) {
    List<String> all = new ArrayList<>();
    ids.forEach(all::add);
    List<Future<Boolean>> checks = all.stream().map(gateway::holds).toList();
    Future.all(checks).await();
    List<String> held = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) if (checks.get(i).result()) held.add(all.get(i));
    return held;
  }

  /**
   * Which transforms each image gets: the families in a seeded order, dealt round-robin
   * ({@code copies} per image), so every family is used equally often. Negatives are queried
   * unmodified too.
   */
  static List<QueryRunner.Job> plan(List<String> indexed, Map<String, Path> originals, List<Path> negatives,
                                    List<Transform> families, int copies, long seed) {
    List<Transform> order = new ArrayList<>(families);
    Collections.shuffle(order, new Random(seed));
    List<QueryRunner.Job> jobs = new ArrayList<>();
    int dealt = 0;
    for (String postId : indexed) {
      jobs.add(new QueryRunner.Job(originals.get(postId), postId, false, deal(order, dealt, copies)));
      dealt += copies;
    }
    for (Path negative : negatives) {
      jobs.add(new QueryRunner.Job(negative, null, true, deal(order, dealt, copies)));
      dealt += copies;
    }
    return jobs;
  }

  private static List<Transform> deal(List<Transform> order, int from, int n) {
    List<Transform> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(order.get((from + i) % order.size()));
    out.sort(Comparator.comparingInt(order::indexOf));
    return out;
  }

  private static void write(EvalRun run, Map<String, Path> staged, ImageDecoder decoder, CopyMaker maker)
      throws IOException {
    Path out = Files.createDirectories(run.options().out());
    List<SignalReport> all = List.copyOf(run.signals().values());
    for (SignalReport r : all) {
      BufferedImage plot = CurvePlot.draw(r, all, run.options().precision());
      ImageIO.write(plot, "png", out.resolve(r.signal().curveFile()).toFile());
    }
    SignalReport hybrid = run.signal(Signal.HYBRID);
    double threshold = hybrid.headline().reached() ? hybrid.headline().point().threshold() : Double.POSITIVE_INFINITY;
    BufferedImage sheet = HardestGrid.draw(HardestGrid.misses(run.queries(), threshold),
        HardestGrid.falsePositives(run.queries()), q -> queryImage(q, decoder, maker),
        postId -> readOrNull(decoder, staged.get(postId)));
    ImageIO.write(sheet, "png", out.resolve("hardest.png").toFile());
    QueryTable.write(run.queries(), out.resolve("queries.tsv"));
    Files.writeString(out.resolve("report.md"), ReportWriter.markdown(run));
  }

  /** The query as it was sent (made again: copies are deterministic), before its JPEG encoding. */
  private static BufferedImage queryImage(Query q, ImageDecoder decoder, CopyMaker maker) {
    BufferedImage source = readOrNull(decoder, q.source());
    if (source == null || q.transform() == null) return source;
    return maker.make(source, q.transform(), QueryRunner.key(q.source())).image();
  }

  private static BufferedImage readOrNull(ImageDecoder decoder, Path file) {
    try {
      return file == null ? null : EvalInputs.read(decoder, file);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
