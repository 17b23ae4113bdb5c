package dev.bayan.publish;

import dev.bayan.decide.Decision;
import dev.bayan.decide.Match;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured (JSON) log line per decision on the logger {@code bayan.decisions}, so that a
 * log pipeline can index decisions without parsing prose. Route or silence it by that name.
 */
public final class DecisionLog {
  private static final Logger LOG = LoggerFactory.getLogger("bayan.decisions");

  private DecisionLog() {}

  public static Future<Void> listen(EventBus bus) {
    return bus.<DecisionEvent>localConsumer(DecisionEvent.ADDRESS, m -> {
      if (LOG.isInfoEnabled()) LOG.info(line(m.body()));
    }).completion();
  }

  static String line(DecisionEvent e) {
    Decision d = e.decision();
    Match best = d.matches().isEmpty() ? null : d.matches().get(0);
    return new JsonObject()
        .put("time", Instant.ofEpochMilli(e.time()).toString())
        .put("postId", e.postId())
        .put("authorId", e.authorId())
        .put("space", e.space())
        .put("decision", d.outcome().label())
        .put("original", d.original() == null ? null : d.original().postId())
        .put("bestMatch", best == null ? null : best.postId())
        .put("similarity", best == null || !best.hasCnn() ? null : Math.round(best.similarity() * 10000) / 10000.0)
        .put("pdqDistance", best == null || !best.hasPdq() ? null : best.pdqDistance())
        .put("signal", best == null ? null : best.signal())
        .put("indexed", e.indexed())
        .put("origin", e.origin())
        .put("reason", d.reason())
        .encode();
  }
}
