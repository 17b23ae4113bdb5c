package dev.bayan.ingest;

import dev.bayan.embed.Embedder;
import dev.bayan.error.Overloaded;
import dev.bayan.image.ImageStage;
import dev.bayan.image.PdqHash;
import dev.bayan.image.PreparedImage;
import dev.bayan.match.MatchRequest;
import dev.bayan.match.Matcher;
import dev.bayan.publish.DecisionEvent;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.util.function.BooleanSupplier;

/**
 * The one path every check takes, whether it came over HTTP or Kafka:
 * image → embed → match (search, decide, index).
 */
public final class CheckPipeline {
  private final ImageStage images;
  private final Embedder embedder;
  private final Matcher matcher;
  private final String modelId;
  private final EventBus events;
  private final String instance;
  private final CheckMetrics metrics;
  private final FlaggedThumbnails flagged;

  public CheckPipeline(ImageStage images, Embedder embedder, Matcher matcher, String modelId, EventBus events,
                       String instance, CheckMetrics metrics, FlaggedThumbnails flagged) {
    this.metrics = metrics;
    this.flagged = flagged;
    this.events = events;
    this.instance = instance;
    this.images = images;
    this.embedder = embedder;
    this.matcher = matcher;
    this.modelId = modelId;
  }

  /**
   * Fails with Overloaded (a failed check) while the image or the embed queue is full, so that the HTTP
   * API sheds a check before its body is read and spooled and before it is decoded for nothing;
   * {@link #check} sheds again if a queue fills meanwhile.
   */
  public Future<Void> admit() {
    String full = images.full() ? "image" : embedder.full() ? "embed" : null;
    if (full == null) return Future.succeededFuture();
    metrics.failed();
    return Future.failedFuture(new Overloaded(full, 1));
  }

  /** Runs a check and announces its decision on {@link DecisionEvent#ADDRESS} (unless dry-run). */
  public Future<CheckResult> check(CheckRequest request, byte[] image, String origin) {
    return check(request, image, origin, () -> false);
  }

  /** As above; {@code abandoned} turns true when nobody waits for the answer any more (HTTP client gone). */
  public Future<CheckResult> check(CheckRequest request, byte[] image, String origin, BooleanSupplier abandoned) {
    return check(request, image, abandoned).andThen(ar -> {
      if (ar.failed()) {
        metrics.failed();
        return;
      }
      metrics.completed(ar.result());
      if (!request.dryRun()) events.publish(DecisionEvent.ADDRESS, toEvent(ar.result(), origin));
    });
  }

  private DecisionEvent toEvent(CheckResult r, String origin) {
    return new DecisionEvent(r.request().postId(), r.request().authorId(), r.request().space(), r.decision(),
        r.indexed(), modelId, System.currentTimeMillis(), origin, instance);
  }

  private Future<CheckResult> check(CheckRequest request, byte[] image, BooleanSupplier abandoned) {
    long start = System.nanoTime();
    return images.prepare(image).compose(prepared -> {
      long embedStart = System.nanoTime();
      return embedder.embed(prepared.tensor(), abandoned).compose(vector -> {
        long embedNanos = System.nanoTime() - embedStart;
        return matcher.check(toMatch(request, prepared, vector)).map(verdict -> {
          // kept before the decision is announced, so that the feed's thumbnail link works at once
          if (verdict.decision().outcome().flagged() && !request.dryRun() && prepared.thumbnail() != null) {
            flagged.put(request.postId(), prepared.thumbnail());
          }
          return new CheckResult(request, verdict.decision(), verdict.indexed(), modelId, prepared.nanos(), embedNanos,
              verdict.searchNanos(), System.nanoTime() - start, verdict.batchSize());
        });
      });
    });
  }

  private static MatchRequest toMatch(CheckRequest r, PreparedImage p, float[] vector) {
    return new MatchRequest(r.postId(), r.authorId(), r.space(), vector, p.pdq() == null ? null : p.pdq().bits(),
        p.pdqVariants().stream().map(PdqHash::bits).toList(), p.thumbnail(), r.dryRun());
  }
}
