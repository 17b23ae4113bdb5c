package dev.bayan.match;

import dev.bayan.bus.LocalCodec;
import dev.bayan.bus.Replies;
import dev.bayan.config.MatchConfig;
import dev.bayan.decide.Decision;
import dev.bayan.decide.Feedback;
import dev.bayan.decide.Match;
import dev.bayan.decide.Outcome;
import dev.bayan.decide.Policy;
import dev.bayan.error.Overloaded;
import dev.bayan.error.StoreUnavailable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The coalescer. Concurrent checks queue here; whenever no search is running, everything queued
 * (up to {@code maxBatch}) becomes ONE multi-vector store search. Each query is then compared
 * with {@link RecentPosts} too — which already holds the accepted queries of its own batch — and
 * decided in arrival order, so two identical uploads give one accept and one reject. Accepted
 * posts are group-committed; their checks are answered once the commit is durable.
 */
public final class MatchVerticle extends VerticleBase {
  public static final String CHECK = "bayan.match.check";
  public static final String DELETE = "bayan.match.delete";
  public static final String GET = "bayan.match.get";
  private static final int MAX_COMMIT = 1024;

  private final MatchConfig cfg;
  private final VectorStore store;
  private final Policy policy;
  private final Feedback feedback;
  private final MatchMetrics metrics;
  private final RecentPosts recent;
  private final ArrayDeque<Message<MatchRequest>> queue = new ArrayDeque<>();
  private final ArrayDeque<Accepted> toCommit = new ArrayDeque<>();
  private WorkerExecutor storeWorkers;
  private boolean searching;
  private boolean committing;
  private long timerId = -1;

  private record Accepted(Message<MatchRequest> message, StoredPost post, Decision decision, long searchNanos,
                          int batchSize) {}

  public MatchVerticle(MatchConfig cfg, VectorStore store, Policy policy, Feedback feedback, MatchMetrics metrics) {
    this.cfg = cfg;
    this.store = store;
    this.policy = policy;
    this.feedback = feedback;
    this.metrics = metrics;
    this.recent = new RecentPosts(cfg.visibilityLagMs());
  }

  @Override
  public Future<?> start() {
    LocalCodec.register(vertx, MatchRequest.class);
    LocalCodec.register(vertx, MatchVerdict.class);
    LocalCodec.register(vertx, StoredPost.class);
    storeWorkers = vertx.createSharedWorkerExecutor("bayan-store", 2);
    metrics.gauges(queue::size, recent::size);
    return Future.join(
        vertx.eventBus().<MatchRequest>localConsumer(CHECK, this::submit).completion(),
        vertx.eventBus().<String>localConsumer(DELETE, this::delete).completion(),
        vertx.eventBus().<String>localConsumer(GET, this::get).completion());
  }

  @Override
  public Future<?> stop() {
    return storeWorkers.close();
  }

  private void submit(Message<MatchRequest> request) {
    if (queue.size() >= cfg.maxQueue()) {
      Replies.fail(request, new Overloaded("match", 1));
      return;
    }
    queue.addLast(request);
    if (queue.size() >= cfg.maxBatch() || cfg.maxWaitMs() == 0) search();
    else if (timerId < 0) timerId = vertx.setTimer(cfg.maxWaitMs(), t -> {
      timerId = -1;
      search();
    });
  }

  private void search() {
    if (searching || queue.isEmpty()) return;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    int n = Math.min(cfg.maxBatch(), queue.size());
    List<Message<MatchRequest>> batch = new ArrayList<>(n);
    List<VectorQuery> queries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Message<MatchRequest> m = queue.pollFirst();
      batch.add(m);
      queries.add(new VectorQuery(m.body().vector(), List.of(m.body().space()), cfg.candidates()));
    }
    searching = true;
    long start = System.nanoTime();
    storeWorkers.executeBlocking(() -> store.search(queries), false).onComplete(ar -> {
      searching = false;
      long nanos = System.nanoTime() - start;
      if (ar.succeeded()) {
        metrics.searched(n, nanos);
        decideAll(batch, ar.result(), nanos);
      } else {
        for (Message<MatchRequest> m : batch) Replies.fail(m, unavailable(ar.cause()));
      }
      commit();
      search();
    });
  }

  private void decideAll(List<Message<MatchRequest>> batch, List<List<Neighbor>> found, long nanos) {
    long now = System.currentTimeMillis();
    recent.expire(now);
    for (int i = 0; i < batch.size(); i++) {
      Message<MatchRequest> message = batch.get(i);
      MatchRequest req = message.body();
      List<Neighbor> neighbors = merge(found.get(i), recent.search(req.vector(), req.space()));
      if (neighbors.stream().anyMatch(nb -> nb.postId().equals(req.postId())) && !req.dryRun()) {
        // Redelivery of a post we already indexed: same answer, no second entry.
        Decision again = decide(req, neighbors);
        message.reply(new MatchVerdict(new Decision(Outcome.ACCEPT, "already indexed", null, again.matches()),
            true, nanos, batch.size()));
        continue;
      }
      Decision decision = decide(req, neighbors);
      if (decision.outcome() == Outcome.ACCEPT && !req.dryRun()) {
        StoredPost post = new StoredPost(req.postId(), req.authorId(), req.space(), now, Outcome.ACCEPT.label(),
            req.vector(), req.pdq(), req.thumbnail());
        recent.add(post); // later queries of this very batch see it
        toCommit.addLast(new Accepted(message, post, decision, nanos, batch.size()));
      } else {
        message.reply(new MatchVerdict(decision, false, nanos, batch.size()));
      }
    }
  }

  /** Store hits plus recent posts, deleted ones dropped, one entry per post, best first. */
  private List<Neighbor> merge(List<Neighbor> stored, List<Neighbor> fresh) {
    Set<String> seen = new HashSet<>();
    List<Neighbor> all = new ArrayList<>(stored.size() + fresh.size());
    for (Neighbor nb : fresh) if (seen.add(nb.postId())) all.add(nb);
    for (Neighbor nb : stored) if (!recent.isDeleted(nb.postId()) && seen.add(nb.postId())) all.add(nb);
    all.sort(Comparator.comparingDouble(Neighbor::similarity).reversed());
    return all;
  }

  private Decision decide(MatchRequest req, List<Neighbor> neighbors) {
    long start = System.nanoTime();
    Decision decision = policy.decide(req.space(), toMatches(neighbors, req.postId()), cfg.maxMatches());
    metrics.decided(System.nanoTime() - start);
    return decision;
  }

  /** Neighbours as evidence: not the post itself, nor a pair a moderator dismissed as not duplicates. */
  private List<Match> toMatches(List<Neighbor> neighbors, String self) {
    return neighbors.stream().filter(nb -> !nb.postId().equals(self) && !feedback.dismissed(self, nb.postId()))
        .map(nb -> new Match(nb.postId(), nb.space(), nb.similarity(), "cnn", nb.createdAt())).toList();
  }

  /** One durable upsert for everything accepted since the last one (group commit). */
  private void commit() {
    if (committing || toCommit.isEmpty()) return;
    List<Accepted> batch = new ArrayList<>();
    while (!toCommit.isEmpty() && batch.size() < MAX_COMMIT) batch.add(toCommit.pollFirst());
    List<StoredPost> posts = batch.stream().map(Accepted::post).toList();
    committing = true;
    long start = System.nanoTime();
    storeWorkers.executeBlocking(() -> {
      store.upsert(posts);
      return null;
    }, false).onComplete(ar -> {
      committing = false;
      if (ar.succeeded()) {
        metrics.committed(posts.size(), System.nanoTime() - start);
        recent.committed(posts, System.currentTimeMillis());
        for (Accepted a : batch) a.message().reply(new MatchVerdict(a.decision(), true, a.searchNanos(), a.batchSize()));
      } else {
        recent.failed(posts);
        for (Accepted a : batch) Replies.fail(a.message(), unavailable(ar.cause()));
      }
      commit();
    });
  }

  private void delete(Message<String> request) {
    String postId = request.body();
    boolean wasRecent = recent.contains(postId);
    recent.deleted(postId, System.currentTimeMillis());
    storeWorkers.executeBlocking(() -> store.delete(postId), false).onComplete(ar -> {
      if (ar.succeeded()) request.reply(ar.result() || wasRecent);
      else Replies.fail(request, unavailable(ar.cause()));
    });
  }

  private void get(Message<String> request) {
    storeWorkers.executeBlocking(() -> store.get(request.body()).orElse(null), false).onComplete(ar -> {
      if (ar.succeeded()) request.reply(ar.result());
      else Replies.fail(request, unavailable(ar.cause()));
    });
  }

  private static StoreUnavailable unavailable(Throwable cause) {
    return cause instanceof StoreUnavailable su ? su : new StoreUnavailable("store_failed", String.valueOf(cause));
  }
}
