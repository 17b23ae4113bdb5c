package dev.bayan.tools;

import dev.bayan.config.BayanConfig;
import dev.bayan.config.ConfigLoader;
import dev.bayan.embed.OnnxModel;
import dev.bayan.match.Stores;
import dev.bayan.match.StoredPost;
import dev.bayan.match.VectorStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Copies every post from one {@link VectorStore} to another (embedded to Milvus, one Milvus
 * collection to another after a model change of the same dimension, ...). Works through the
 * interface only: {@code forEach} on the source, {@code upsert} in batches on the target, so a
 * run that was interrupted can simply be started again (upsert replaces by postId).
 *
 * <pre>
 * MigrateStore --from conf/old.yaml --to conf/new.yaml --dim 576 [--batch 500]
 * </pre>
 */
public final class MigrateStore {
  public static final int DEFAULT_BATCH = 500;

  private MigrateStore() {}

  /**
   * Copies all posts, {@code batch} per upsert, drawing a progress bar on {@code progress}
   * (one line redrawn with {@code \r}). Returns how many posts were copied.
   */
  public static long copy(VectorStore from, VectorStore to, int batch, PrintStream progress) {
    if (batch < 1) throw new IllegalArgumentException("batch must be positive");
    ProgressBar bar = new ProgressBar(progress, from.stats().vectors());
    List<StoredPost> pending = new ArrayList<>(batch);
    long[] copied = {0};
    from.forEach(post -> {
      pending.add(post);
      if (pending.size() == batch) {
        to.upsert(pending);
        copied[0] += pending.size();
        pending.clear();
        bar.show(copied[0]);
      }
    });
    if (!pending.isEmpty()) {
      to.upsert(pending);
      copied[0] += pending.size();
    }
    bar.finish(copied[0]);
    return copied[0];
  }

  public static void main(String[] args) throws Exception {
    Path from = null;
    Path to = null;
    int dim = -1;
    int batch = DEFAULT_BATCH;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--from" -> from = Path.of(args[i + 1]);
        case "--to" -> to = Path.of(args[i + 1]);
        case "--dim" -> dim = Integer.parseInt(args[i + 1]);
        case "--batch" -> batch = Integer.parseInt(args[i + 1]);
        default -> usage("unknown option " + args[i]);
      }
    }
    if (from == null || to == null) usage("--from and --to are required (--dim defaults to the model's)");
    // Each side is conf/bayan.yaml with that file laid over it (a full file or an overlay both work).
    Path base = Path.of("conf/bayan.yaml");
    try (VectorStore source = open(ConfigLoader.load(List.of(base, from)), dim);
         VectorStore target = open(ConfigLoader.load(List.of(base, to)), dim)) {
      long n = copy(source, target, batch, System.err);
      System.out.println("copied " + n + " posts from " + source.kind() + " to " + target.kind());
    }
  }

  private static VectorStore open(BayanConfig cfg, int dim) {
    return Stores.open(cfg.store(), dim > 0 ? dim : OnnxModel.probeDimension(cfg.model()));
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: MigrateStore --from conf/old.yaml --to conf/new.yaml [--dim N] [--batch "
        + DEFAULT_BATCH + "]");
    System.exit(2);
  }

  /** One terminal line, redrawn in place: {@code [#####-----]  50%  500/1000 posts  812/s}. */
  static final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final long total;
    private final long started = System.nanoTime();

    ProgressBar(PrintStream out, long total) {
      this.out = out;
      this.total = total;
    }

    void show(long done) {
      double fraction = total > 0 ? Math.min(1.0, (double) done / total) : 1.0;
      int filled = (int) Math.round(fraction * WIDTH);
      double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
      out.print(String.format(Locale.ROOT, "\r[%s%s] %3d%%  %d/%d posts  %.0f/s", "#".repeat(filled),
          "-".repeat(WIDTH - filled), Math.round(fraction * 100), done, total, done / seconds));
      out.flush();
    }

    void finish(long done) {
      show(done);
      out.println();
    }
  }
}
