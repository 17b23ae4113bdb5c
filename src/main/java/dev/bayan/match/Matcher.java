package dev.bayan.match;

import dev.bayan.bus.Replies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.List;

/** The match stage's seam. Calls travel to the single {@link MatchVerticle} over the event bus. */
public interface Matcher {

  /** Searches, decides and (unless dry-run or flagged) indexes durably before answering. */
  Future<MatchVerdict> check(MatchRequest request);

  /** Removes a post from the store and from the not-yet-visible buffer. */
  Future<Boolean> delete(String postId);

  /** Indexes posts without deciding (bank entries, backfill); succeeds once they are durable. */
  Future<Integer> index(List<StoredPost> posts);

  /** What the store holds for a post, or null. */
  Future<StoredPost> get(String postId);

  static Matcher createProxy(Vertx vertx, long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
    return new Matcher() {
      @Override
      public Future<MatchVerdict> check(MatchRequest request) {
        return Replies.unwrap(vertx.eventBus().request(MatchVerticle.CHECK, request, options), "match");
      }

      @Override
      public Future<Boolean> delete(String postId) {
        return Replies.unwrap(vertx.eventBus().request(MatchVerticle.DELETE, postId, options), "match");
      }

      @Override
      public Future<Integer> index(List<StoredPost> posts) {
        return Replies.unwrap(vertx.eventBus().request(MatchVerticle.INDEX, new IndexRequest(posts), options), "match");
      }

      @Override
      public Future<StoredPost> get(String postId) {
        return Replies.unwrap(vertx.eventBus().request(MatchVerticle.GET, postId, options), "match");
      }
    };
  }
}
