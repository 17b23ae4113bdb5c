package dev.bayan.tools;

import dev.bayan.BayanVerticle;
import dev.bayan.admin.BackfillJob;
import dev.bayan.admin.BackfillProgress;
import dev.bayan.admin.StoreTasks;
import dev.bayan.config.BayanConfig;
import dev.bayan.config.ConfigLoader;
import dev.bayan.embed.EmbedMetrics;
import dev.bayan.embed.Embedder;
import dev.bayan.embed.OnnxModel;
import dev.bayan.error.BayanException;
import dev.bayan.image.ImageStage;
import dev.bayan.match.Stores;
import dev.bayan.match.VectorStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code scripts/bayan backfill DIR [--space S] [--conf FILE]}: indexes every image directly
 * inside DIR (postId = file name without extension) into the configured store, without deciding,
 * with a progress bar. The same work as {@code POST /admin/backfill}, for a gateway that is not
 * running (the embedded store is locked by a running gateway: use the admin API then).
 * Exit status: 0 all indexed, 1 some files failed or the store failed, 2 bad usage.
 */
public final class Backfill {
  private static final int CHUNK = 32;

  private Backfill() {}

  public static void main(String[] args) {
    System.exit(run(args, System.err, System.console() != null));
  }

  static int run(String[] args, PrintStream out, boolean interactive) {
    String dir = null;
    String space = null;
    Path conf = Path.of("conf/bayan.yaml");
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--space") || arg.equals("--conf")) {
        if (i + 1 >= args.length) return usage(out, arg + " needs a value");
        String value = args[++i];
        if (arg.equals("--space")) space = value;
        else conf = Path.of(value);
      } else if (arg.startsWith("--") || dir != null) {
        return usage(out, "unexpected argument " + arg);
      } else {
        dir = arg;
      }
    }
    if (dir == null) return usage(out, "a directory is required");
    BayanConfig cfg;
    try {
      cfg = ConfigLoader.load(conf);
    } catch (IllegalStateException e) {
      out.println(e.getMessage());
      return 2;
    }
    try {
      BackfillProgress.Snapshot end = backfill(cfg, dir, space, out, interactive);
      return end.state() == BackfillProgress.State.DONE && end.failed() == 0 ? 0 : 1;
    } catch (BayanException | IllegalStateException e) {
      out.println("backfill: " + e.getMessage()); // not a directory, bad space, missing model
      return 2;
    }
  }

  private static int usage(PrintStream out, String problem) {
    out.println("backfill: " + problem);
    out.println("usage: scripts/bayan backfill DIR [--space SPACE] [--conf conf/bayan.yaml]");
    return 2;
  }

  /** Opens the store and the embed stage, indexes {@code dir}, prints progress, closes everything. */
  static BackfillProgress.Snapshot backfill(BayanConfig cfg, String dir, String space, PrintStream out,
                                            boolean interactive) {
    VectorStore store = Stores.open(cfg.store(), OnnxModel.probeDimension(cfg.model()));
    Vertx vertx = Vertx.vertx();
    ImageStage images = null;
    StoreTasks tasks = null;
    try {
      BayanVerticle.deployEmbedding(vertx, cfg, new EmbedMetrics(new SimpleMeterRegistry())).await();
      images = new ImageStage(vertx, cfg.image(), cfg.model());
      tasks = new StoreTasks(vertx, store);
      BackfillJob job = new BackfillJob(vertx, images, Embedder.createProxy(vertx, cfg.http().requestTimeoutMs()),
          tasks::upsert, CHUNK);
      BackfillProgress progress = job.start(dir, space).await();
      ProgressBar bar = new ProgressBar(out, interactive);
      long timer = vertx.setPeriodic(250, t -> bar.draw(progress.snapshot()));
      BackfillProgress.Snapshot end = progress.done().await();
      vertx.cancelTimer(timer);
      bar.last(end);
      long vectors = tasks.stats().await().vectors();
      out.printf(Locale.ROOT,
          "%s: %d indexed, %d skipped (name is not a postId), %d failed; the store holds %d posts%n",
          end.state() == BackfillProgress.State.DONE ? "done" : "stopped (" + end.error() + ")",
          end.indexed(), end.skipped(), end.failed(), vectors);
      return end;
    } finally {
      if (images != null) images.close();
      if (tasks != null) tasks.close();
      vertx.close().await();
      store.close();
    }
  }

  /** One terminal line redrawn in place; a line every few seconds when the output is not a terminal. */
  static final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long PLAIN_EVERY_MS = 5000;
    private final PrintStream out;
    private final boolean interactive;
    private long lastPlain;

    ProgressBar(PrintStream out, boolean interactive) {
      this.out = out;
      this.interactive = interactive;
    }

    synchronized void draw(BackfillProgress.Snapshot s) {
      if (interactive) {
        out.print("\r" + line(s));
        out.flush();
      } else if (System.currentTimeMillis() - lastPlain >= PLAIN_EVERY_MS) {
        lastPlain = System.currentTimeMillis();
        out.println(line(s));
      }
    }

    synchronized void last(BackfillProgress.Snapshot s) {
      out.print(interactive ? "\r" + line(s) + "\n" : line(s) + "\n");
      out.flush();
    }

    static String line(BackfillProgress.Snapshot s) {
      int done = s.processed();
      double fraction = s.total() == 0 ? 1 : (double) done / s.total();
      int filled = (int) Math.round(fraction * WIDTH);
      long end = s.finishedAt() > 0 ? s.finishedAt() : System.currentTimeMillis();
      double seconds = Math.max(0.001, (end - s.startedAt()) / 1000.0);
      double rate = done / seconds;
      long eta = rate > 0 ? Math.round((s.total() - done) / rate) : 0;
      return String.format(Locale.ROOT, "[%s%s] %d/%d %5.1f%%  %.1f img/s  ETA %d:%02d  failed %d",
          "#".repeat(filled), "-".repeat(WIDTH - filled), done, s.total(), fraction * 100, rate, eta / 60, eta % 60,
          s.failed());
    }
  }
}
