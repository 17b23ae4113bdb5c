package dev.bayan.admin;

import dev.bayan.decide.Feedback;
import dev.bayan.decide.Outcome;
import dev.bayan.match.StoreStats;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/** The JSON shapes of the admin API (documented in openapi.yaml). */
final class AdminJson {
  private AdminJson() {}

  static JsonObject store(StoreStats s, long pending) {
    return new JsonObject().put("kind", s.kind()).put("vectors", s.vectors())
        .put("perSpace", perSpace(s)).put("segments", s.segments())
        .put("diskBytes", s.diskBytes()).put("pending", pending).put("lastCommit", time(s.lastCommitMillis()));
  }

  static JsonObject perSpace(StoreStats s) {
    JsonObject json = new JsonObject();
    if (s.perSpace() != null) new java.util.TreeMap<>(s.perSpace()).forEach(json::put);
    return json;
  }

  static JsonObject counts(Map<Outcome, Long> counts) {
    JsonObject json = new JsonObject();
    counts.forEach((outcome, n) -> json.put(outcome.label(), n));
    return json;
  }

  static JsonObject backfill(BackfillProgress.Snapshot b) {
    long end = b.finishedAt() > 0 ? b.finishedAt() : System.currentTimeMillis();
    double seconds = b.startedAt() > 0 ? Math.max(1, end - b.startedAt()) / 1000.0 : 0;
    return new JsonObject().put("state", b.state().name().toLowerCase(java.util.Locale.ROOT)).put("dir", b.dir())
        .put("space", b.space()).put("total", b.total()).put("processed", b.processed()).put("indexed", b.indexed())
        .put("skipped", b.skipped()).put("failed", b.failed()).put("startedAt", time(b.startedAt()))
        .put("finishedAt", time(b.finishedAt()))
        .put("imagesPerSecond", seconds > 0 ? Math.round(b.processed() / seconds * 10) / 10.0 : 0.0)
        .put("error", b.error());
  }

  static JsonObject feedback(Feedback.Entry e) {
    return new JsonObject().put("postId", e.postId()).put("matchedPostId", e.matchedPostId())
        .put("verdict", e.verdict()).put("time", time(e.time()));
  }

  /** ISO-8601 UTC, or null for "never". */
  static String time(long epochMillis) {
    return epochMillis > 0 ? Instant.ofEpochMilli(epochMillis).toString() : null;
  }
}
