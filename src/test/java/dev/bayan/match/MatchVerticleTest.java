package dev.bayan.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.config.MatchConfig;
import dev.bayan.config.PolicyConfig;
import dev.bayan.config.StoreConfig;
import dev.bayan.decide.Outcome;
import dev.bayan.decide.Policy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The coalescer over a real Lucene store: one search per batch, fresh posts caught, deletes honoured. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class MatchVerticleTest {
  private static final int DIM = VectorStoreContractTest.DIM;
  @TempDir Path dir;
  private RecordingStore store;

  /**
   * The real store, wrapped to record the sizes of the searches it receives and, optionally, to
   * hide posts for {@code lagMs} after they were upserted — as Milvus does with growing segments.
   */
  static final class RecordingStore implements VectorStore {
    final VectorStore inner;
    final List<Integer> searchSizes = new CopyOnWriteArrayList<>();
    final Map<String, Long> upsertedAt = new ConcurrentHashMap<>();
    final Map<String, Integer> upserts = new ConcurrentHashMap<>();
    final long lagMs;
    /** Upserts wait for it: a test holds a commit back to see what is answered before it is durable. */
    volatile CountDownLatch upsertGate = new CountDownLatch(0);

    RecordingStore(VectorStore inner, long lagMs) {
      this.inner = inner;
      this.lagMs = lagMs;
    }

    @Override public String kind() { return inner.kind(); }

    @Override public List<List<Neighbor>> search(List<VectorQuery> queries) {
      searchSizes.add(queries.size());
      long now = System.currentTimeMillis();
      return inner.search(queries).stream().map(hits -> hits.stream()
          .filter(n -> upsertedAt.getOrDefault(n.postId(), 0L) + lagMs <= now).toList()).toList();
    }

    @Override public void upsert(List<StoredPost> posts) {
      try {
        upsertGate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      inner.upsert(posts);
      posts.forEach(p -> upserts.merge(p.postId(), 1, Integer::sum));
      long now = System.currentTimeMillis();
      posts.forEach(p -> upsertedAt.put(p.postId(), now));
    }

    @Override public boolean delete(String postId) { return inner.delete(postId); }
    @Override public Optional<StoredPost> get(String postId) { return inner.get(postId); }
    @Override public void forEach(Consumer<StoredPost> visitor) { inner.forEach(visitor); }
    @Override public StoreStats stats() { return inner.stats(); }
    @Override public void compact() { inner.compact(); }
    @Override public void close() { inner.close(); }
  }

  private Future<Matcher> deploy(Vertx vertx, long storeLagMs, long visibilityLagMs, long maxWaitMs) {
    store = new RecordingStore(new LuceneVectorStore(dir, DIM, new StoreConfig.LuceneConfig(16, 100, true, 200)),
        storeLagMs);
    MatchConfig cfg = new MatchConfig(64, maxWaitMs, 1024, 100, 5, visibilityLagMs);
    MatchVerticle verticle = new MatchVerticle(cfg, store, new Policy(new PolicyConfig(0.9, 0.8)),
        dev.bayan.decide.Feedback.open(dir.resolve("feedback.jsonl")), new MatchMetrics(new SimpleMeterRegistry(), "embedded"));
    return vertx.deployVerticle(verticle).map(id -> Matcher.createProxy(vertx, 10_000));
  }

  @AfterEach
  void close() {
    if (store != null) store.close();
  }

  private static float[] unit(Random random) {
    return VectorStoreContractTest.unit(random); // DIM is the contract suite's
  }

  private static MatchRequest request(String postId, float[] vector) {
    return new MatchRequest(postId, null, "default", vector, null, List.of(), null, false);
  }

  @Test
  void aPostSentTwiceAtOnceIsAnsweredOnlyWhenItIsDurableAndStoredOnce(Vertx vertx, VertxTestContext ctx) {
    float[] vector = unit(new Random(7));
    deploy(vertx, 0, 0, 20).compose(matcher -> {
      store.upsertGate = new CountDownLatch(1); // the first copy's commit hangs until we let it go
      Future<MatchVerdict> first = matcher.check(request("twice", vector));
      Future<MatchVerdict> second = matcher.check(request("twice", vector));
      vertx.setTimer(300, t -> {
        ctx.verify(() -> assertThat(first.isComplete() || second.isComplete())
            .as("an answer with indexed: true left before the commit").isFalse());
        store.upsertGate.countDown();
      });
      return Future.all(first, second).map(all -> List.of(first.result(), second.result()));
    }).onComplete(ctx.succeeding(verdicts -> ctx.verify(() -> {
      assertThat(verdicts).allSatisfy(v -> {
        assertThat(v.decision().outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(v.indexed()).isTrue();
      });
      assertThat(verdicts).extracting(v -> v.decision().reason()).contains("already indexed");
      assertThat(store.upserts).containsEntry("twice", 1);
      ctx.completeNow();
    })));
  }

  @Test
  void concurrentChecksBecomeOneSearch(Vertx vertx, VertxTestContext ctx) {
    Random random = new Random(1);
    deploy(vertx, 0, 0, 20).compose(matcher -> {
      List<Future<MatchVerdict>> all = new ArrayList<>();
      for (int i = 0; i < 16; i++) all.add(matcher.check(request("c" + i, unit(random))));
      return Future.all(all).map(f -> all.stream().map(Future::result).toList());
    }).onComplete(ctx.succeeding(verdicts -> ctx.verify(() -> {
      assertThat(verdicts).allSatisfy(v -> {
        assertThat(v.decision().outcome()).isEqualTo(Outcome.ACCEPT);
        assertThat(v.indexed()).isTrue();
      });
      assertThat(store.searchSizes).containsExactly(16);
      assertThat(verdicts.get(0).batchSize()).isEqualTo(16);
      assertThat(store.stats().vectors()).isEqualTo(16);
      ctx.completeNow();
    })));
  }

  @Test
  void aRepostInsideTheStoresVisibilityLagIsCaughtByTheRecentBuffer(Vertx vertx, VertxTestContext ctx) {
    float[] v = unit(new Random(2));
    deploy(vertx, 60_000, 60_000, 1).compose(matcher -> matcher.check(request("first", v))
        .compose(first -> matcher.check(request("second", v))))
        .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
          assertThat(second.decision().outcome()).isEqualTo(Outcome.REJECT);
          assertThat(second.decision().original().postId()).isEqualTo("first");
          ctx.completeNow();
        })));
  }

  @Test
  void withoutCoveringTheLagTheSameRepostWouldSlipThrough(Vertx vertx, VertxTestContext ctx) {
    float[] v = unit(new Random(3));
    deploy(vertx, 60_000, 0, 1).compose(matcher -> matcher.check(request("first", v))
        .compose(first -> matcher.check(request("second", v))))
        .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
          assertThat(second.decision().outcome()).isEqualTo(Outcome.ACCEPT); // the reason visibilityLagMs exists
          ctx.completeNow();
        })));
  }

  @Test
  void aDeletedPostNoLongerMatchesAndRedeliveryAddsNoSecondEntry(Vertx vertx, VertxTestContext ctx) {
    float[] v = unit(new Random(4));
    deploy(vertx, 0, 0, 1).compose(matcher -> matcher.check(request("p", v))
        .compose(first -> matcher.check(request("p", v)))
        .compose(again -> {
          ctx.verify(() -> {
            assertThat(again.decision().outcome()).isEqualTo(Outcome.ACCEPT);
            assertThat(again.decision().reason()).isEqualTo("already indexed");
            assertThat(store.stats().vectors()).isEqualTo(1);
          });
          return matcher.delete("p");
        })
        .compose(deleted -> {
          ctx.verify(() -> assertThat(deleted).isTrue());
          return matcher.check(request("q", v));
        }))
        .onComplete(ctx.succeeding(q -> ctx.verify(() -> {
          assertThat(q.decision().outcome()).isEqualTo(Outcome.ACCEPT);
          assertThat(q.decision().matches()).extracting(m -> m.postId()).doesNotContain("p");
          ctx.completeNow();
        })));
  }
}
