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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

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
  public static final String INDEX = "bayan.match.index";
  private static final int MAX_COMMIT = 1024;
  private static final long STORE_PROBE_MS = 2000;

  private final MatchConfig cfg;
  private final VectorStore store;
  private final Policy policy;
  private final Feedback feedback;
  private final MatchMetrics metrics;
  private final RecentPosts recent;
  private final ArrayDeque<Message<MatchRequest>> queue = new ArrayDeque<>();
  private final ArrayDeque<Pending> toCommit = new ArrayDeque<>();
  /** Posts remembered but not yet durable, with the answers that must wait for their commit. */
  private final Map<String, List<Consumer<Throwable>>> awaitingCommit = new HashMap<>();
  private final PdqIndex pdqIndex = new PdqIndex();
  private final Evidence evidence;
  /** Spaces of known-bad image banks: every query searches them too. */
  private final Set<String> bankSpaces = new TreeSet<>();
  private WorkerExecutor storeWorkers;
  private boolean searching;
  private boolean committing;
  private long timerId = -1;
  /** Probed every few seconds; while false, checks answer 503 at once instead of waiting on the store. */
  private volatile boolean storeReady = true;
  private boolean probing;

  /** A post waiting for the next group commit, and what to tell its caller then (null = success). */
  private record Pending(StoredPost post, Consumer<Throwable> done) {}

  public MatchVerticle(MatchConfig cfg, VectorStore store, Policy policy, Feedback feedback, MatchMetrics metrics) {
    this.cfg = cfg;
    this.store = store;
    this.policy = policy;
    this.feedback = feedback;
    this.metrics = metrics;
    this.recent = new RecentPosts(cfg.visibilityLagMs());
    this.evidence = new Evidence(pdqIndex, feedback);
  }

  @Override
  public Future<?> start() {
    LocalCodec.register(vertx, MatchRequest.class);
    LocalCodec.register(vertx, MatchVerdict.class);
    LocalCodec.register(vertx, StoredPost.class);
    storeWorkers = vertx.createSharedWorkerExecutor("bayan-store", 2);
    LocalCodec.register(vertx, IndexRequest.class);
    metrics.gauges(queue::size, recent::size);
    vertx.setPeriodic(STORE_PROBE_MS, t -> probeStore());
    return storeWorkers.executeBlocking(this::loadHashes, false).compose(n -> Future.join(
        vertx.eventBus().<MatchRequest>localConsumer(CHECK, this::submit).completion(),
        vertx.eventBus().<IndexRequest>localConsumer(INDEX, this::index).completion(),
        vertx.eventBus().<String>localConsumer(DELETE, this::delete).completion(),
        vertx.eventBus().<String>localConsumer(GET, this::get).completion()));
  }

  /** The PDQ index lives in memory: rebuilt from the store's hashes at start (and the list of banks). */
  private int loadHashes() {
    Set<String> banks = new TreeSet<>();
    store.forEach(p -> {
      if (p.pdq() != null) pdqIndex.add(p.postId(), p.space(), p.pdq());
      if (p.space().startsWith(Match.BANK_PREFIX)) banks.add(p.space());
    });
    vertx.runOnContext(v -> bankSpaces.addAll(banks));
    return pdqIndex.size();
  }

  @Override
  public Future<?> stop() {
    return storeWorkers.close();
  }

  /** Readiness: the store answered its last probe (and the last search did not fail). */
  public boolean storeReady() {
    return storeReady;
  }

  private void probeStore() {
    if (probing) return;
    probing = true;
    storeWorkers.executeBlocking(store::ready, false).onComplete(ar -> {
      probing = false;
      storeReady = ar.succeeded() && ar.result();
    });
  }

  private void submit(Message<MatchRequest> request) {
    if (!storeReady) {
      Replies.fail(request, new StoreUnavailable("store_unavailable",
          store.kind() + " store is not reachable; retry later"));
      return;
    }
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
      queries.add(new VectorQuery(m.body().vector(), spacesOf(m.body()), cfg.candidates()));
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
        storeReady = false; // until the next probe says otherwise
        for (Message<MatchRequest> m : batch) Replies.fail(m, unavailable(ar.cause()));
      }
      commit();
      search();
    });
  }

  /** The post's own space plus every bank. */
  private List<String> spacesOf(MatchRequest req) {
    List<String> spaces = new ArrayList<>(1 + bankSpaces.size());
    spaces.add(req.space());
    spaces.addAll(bankSpaces);
    return spaces;
  }

  private void decideAll(List<Message<MatchRequest>> batch, List<List<Neighbor>> found, long nanos) {
    long now = System.currentTimeMillis();
    recent.expire(now);
    for (int i = 0; i < batch.size(); i++) {
      Message<MatchRequest> message = batch.get(i);
      MatchRequest req = message.body();
      List<String> spaces = spacesOf(req);
      List<Neighbor> fresh = new ArrayList<>();
      for (String space : spaces) fresh.addAll(recent.search(req.vector(), space));
      boolean known = found.get(i).stream()
          .anyMatch(nb -> nb.postId().equals(req.postId()) && !recent.isDeleted(nb.postId()))
          || recent.contains(req.postId());
      Decision decision = decide(req, evidence.collect(req, spaces, found.get(i), fresh, recent::isDeleted,
          policy.current().pdqReviewDistance()));
      if (known && !req.dryRun()) {
        // Redelivery of a post we already indexed: same answer, no second entry, and not before
        // the first copy is durable (indexed: true promises that).
        MatchVerdict again = new MatchVerdict(new Decision(Outcome.ACCEPT, "already indexed", null,
            decision.matches()), true, nanos, batch.size());
        whenDurable(req.postId(), failure -> {
          if (failure == null) message.reply(again);
          else Replies.fail(message, unavailable(failure));
        });
      } else if (decision.outcome() == Outcome.ACCEPT && !req.dryRun()) {
        StoredPost post = new StoredPost(req.postId(), req.authorId(), req.space(), now, Outcome.ACCEPT.label(),
            req.vector(), req.pdq(), req.thumbnail());
        int size = batch.size();
        remember(post, failure -> { // later queries of this very batch see it already
          if (failure == null) message.reply(new MatchVerdict(decision, true, nanos, size));
          else Replies.fail(message, unavailable(failure));
        });
      } else {
        message.reply(new MatchVerdict(decision, false, nanos, batch.size()));
      }
    }
  }

  private Decision decide(MatchRequest req, List<Match> matches) {
    long start = System.nanoTime();
    Decision decision = policy.decide(req.space(), matches, cfg.maxMatches());
    metrics.decided(System.nanoTime() - start);
    return decision;
  }

  /** Visible to every later query at once (recent buffer, PDQ index); durable at the next group commit. */
  private void remember(StoredPost post, Consumer<Throwable> done) {
    awaitingCommit.putIfAbsent(post.postId(), new ArrayList<>());
    recent.add(post);
    if (post.pdq() != null) pdqIndex.add(post.postId(), post.space(), post.pdq());
    if (post.space().startsWith(Match.BANK_PREFIX)) bankSpaces.add(post.space());
    toCommit.addLast(new Pending(post, done));
  }

  /** Runs {@code then} once {@code postId} is durable: at once when it already is. */
  private void whenDurable(String postId, Consumer<Throwable> then) {
    List<Consumer<Throwable>> waiting = awaitingCommit.get(postId);
    if (waiting == null) then.accept(null);
    else waiting.add(then);
  }

  /** Answers the batch's own posts, then every answer that waited for one of them. */
  private void committed(List<Pending> batch, Throwable failure) {
    for (Pending p : batch) {
      p.done().accept(failure);
      List<Consumer<Throwable>> waiting = awaitingCommit.remove(p.post().postId());
      if (waiting != null) waiting.forEach(w -> w.accept(failure));
    }
  }

  /** Indexes posts without deciding (banks, backfill); answers once they are durable. */
  private void index(Message<IndexRequest> request) {
    List<StoredPost> posts = request.body().posts();
    int[] left = {posts.size()};
    Throwable[] firstFailure = {null};
    for (StoredPost post : posts) {
      remember(post, failure -> {
        if (failure != null && firstFailure[0] == null) firstFailure[0] = failure;
        if (--left[0] > 0) return;
        if (firstFailure[0] == null) request.reply(posts.size());
        else Replies.fail(request, unavailable(firstFailure[0]));
      });
    }
    if (posts.isEmpty()) request.reply(0);
    commit();
  }

  /** One durable upsert for everything accepted since the last one (group commit). */
  private void commit() {
    if (committing || toCommit.isEmpty()) return;
    List<Pending> batch = new ArrayList<>();
    while (!toCommit.isEmpty() && batch.size() < MAX_COMMIT) batch.add(toCommit.pollFirst());
    List<StoredPost> posts = batch.stream().map(Pending::post).toList();
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
        committed(batch, null);
      } else {
        recent.failed(posts);
        for (StoredPost p : posts) pdqIndex.remove(p.postId());
        committed(batch, ar.cause());
      }
      commit();
    });
  }

  private void delete(Message<String> request) {
    String postId = request.body();
    boolean wasRecent = recent.contains(postId);
    recent.deleted(postId, System.currentTimeMillis());
    pdqIndex.remove(postId);
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
