package dev.bayan.admin;

import dev.bayan.embed.Embedder;
import dev.bayan.error.BadInput;
import dev.bayan.image.ImageStage;
import dev.bayan.ingest.CheckRequest;
import dev.bayan.match.StoredPost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.handler.HttpException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes an existing collection: every image file directly inside a server directory becomes a
 * post (postId = file name without extension, createdAt = file time) through the same image and
 * embed stages as a check, then straight into the store, without deciding. Files go in chunks: a
 * chunk's images are embedded concurrently (so the batcher fills its batches) and upserted as one.
 * One backfill at a time.
 */
public final class BackfillJob {
  private static final Logger LOG = LoggerFactory.getLogger(BackfillJob.class);
  private static final Pattern IMAGE = Pattern.compile("(?i).+\\.(jpe?g|png|gif|webp|bmp)");
  /** What the stored post says about how it got in. */
  static final String DECISION = "backfill";

  private record Item(Path file, String postId, long createdAt) {}

  private final Vertx vertx;
  private final ImageStage images;
  private final Embedder embedder;
  private final Function<List<StoredPost>, Future<?>> sink;
  private final int chunk;
  private final AtomicReference<BackfillProgress> current = new AtomicReference<>(BackfillProgress.idle());
  private volatile boolean cancelled;

  /** @param chunk images embedded concurrently and upserted together (keep it below embed.maxQueue) */
  /**
   * @param sink where the posts go: the match stage's index (in the gateway: the PDQ index and the
   *     recent buffer see them at once) or the store itself (the CLI, with no gateway running)
   */
  public BackfillJob(Vertx vertx, ImageStage images, Embedder embedder, Function<List<StoredPost>, Future<?>> sink,
                     int chunk) {
    this.vertx = vertx;
    this.images = images;
    this.embedder = embedder;
    this.sink = sink;
    this.chunk = chunk;
  }

  /** The running backfill, else the last one (IDLE before the first). */
  public BackfillProgress current() {
    return current.get();
  }

  /**
   * Lists {@code dir} and starts indexing; the future completes once the files are counted and
   * the work is under way ({@link BackfillProgress#done()} tells the end). Fails with
   * {@link BadInput} for a missing directory or bad space, with 409 while another one runs.
   */
  public Future<BackfillProgress> start(String dir, String space) {
    String checkedSpace;
    try {
      if (dir == null || dir.isBlank()) {
        throw new BadInput("missing_dir", "dir (a directory on the server) is required");
      }
      checkedSpace = CheckRequest.of(null, null, space, "true").space();
    } catch (BadInput e) {
      return Future.failedFuture(e);
    }
    BackfillProgress previous = current.get();
    BackfillProgress next = new BackfillProgress(dir, checkedSpace, BackfillProgress.State.RUNNING,
        System.currentTimeMillis());
    if (previous.running() || !current.compareAndSet(previous, next)) {
      return Future.failedFuture(new HttpException(409, "a backfill is already running"));
    }
    return vertx.executeBlocking(() -> list(directory(dir)), false)
        .onFailure(e -> next.finish(e.getMessage()))
        .map(items -> {
          next.total(items.size());
          LOG.info("backfill of {} ({} image files) into space {} started", dir, items.size(), checkedSpace);
          process(items, 0, checkedSpace, next);
          return next;
        });
  }

  /** Stops after the chunk in flight (gateway shutdown). */
  public void cancel() {
    cancelled = true;
  }

  private static Path directory(String dir) {
    try {
      return Path.of(dir);
    } catch (InvalidPathException e) {
      throw new BadInput("not_a_directory", "dir is not a valid path: " + e.getReason());
    }
  }

  private static List<Item> list(Path dir) {
    if (!Files.isDirectory(dir)) throw new BadInput("not_a_directory", dir + " is not a directory on the server");
    try (Stream<Path> files = Files.list(dir)) {
      List<Item> items = new ArrayList<>();
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = file.getFileName().toString();
        if (!IMAGE.matcher(name).matches()) continue;
        items.add(new Item(file, postId(name), Files.getLastModifiedTime(file).toMillis()));
      }
      return items;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** The file name without its extension, or null when it is not a valid postId. */
  private static String postId(String fileName) {
    String id = fileName.substring(0, fileName.lastIndexOf('.'));
    try {
      return CheckRequest.of(id, null, null, null).postId();
    } catch (BadInput e) {
      return null;
    }
  }

  private void process(List<Item> items, int from, String space, BackfillProgress progress) {
    if (cancelled) {
      progress.finish("cancelled");
      return;
    }
    if (from >= items.size()) {
      progress.finish(null);
      BackfillProgress.Snapshot end = progress.snapshot();
      LOG.info("backfill of {} finished: {} indexed, {} skipped, {} failed", end.dir(), end.indexed(), end.skipped(),
          end.failed());
      return;
    }
    List<Item> slice = items.subList(from, Math.min(items.size(), from + chunk));
    List<Future<StoredPost>> posts = slice.stream().map(item -> embed(item, space, progress)).toList();
    Future.join(posts).compose(all -> {
      List<StoredPost> ready = posts.stream().map(Future::result).filter(Objects::nonNull).toList();
      if (ready.isEmpty()) return Future.succeededFuture(0);
      return sink.apply(ready).map(v -> ready.size()).onFailure(e -> progress.failed(ready.size()));
    }).onSuccess(n -> {
      progress.indexed(n);
      process(items, from + slice.size(), space, progress);
    }).onFailure(e -> {
      // the files after this chunk stay unprocessed: the snapshot shows how far it got
      LOG.error("backfill of {} stopped: the store refused a batch", progress.snapshot().dir(), e);
      progress.finish("store: " + e.getMessage());
    });
  }

  /** One file to a post, or null (counted as skipped or failed) when it cannot be used. */
  private Future<StoredPost> embed(Item item, String space, BackfillProgress progress) {
    if (item.postId() == null) {
      progress.skipped();
      return Future.succeededFuture(null);
    }
    return vertx.fileSystem().readFile(item.file().toString())
        .compose(bytes -> images.prepare(bytes.getBytes()))
        .compose(prepared -> embedder.embed(prepared.tensor()).map(vector -> new StoredPost(item.postId(), null, space,
            item.createdAt(), DECISION, vector, prepared.pdq() == null ? null : prepared.pdq().bits(),
            prepared.thumbnail())))
        .recover(e -> {
          LOG.warn("backfill: {} not indexed: {}", item.file(), e.getMessage());
          progress.failed(1);
          return Future.succeededFuture(null);
        });
  }
}
