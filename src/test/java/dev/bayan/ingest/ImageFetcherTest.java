package dev.bayan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.TestImages;
import dev.bayan.config.KafkaConfig.FetchConfig;
import dev.bayan.error.BadInput;
import dev.bayan.error.BayanException;
import dev.bayan.error.TooLarge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The image URL fetcher against a real HTTP server on 127.0.0.1. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ImageFetcherTest {
  private static final int MAX_BYTES = 512 * 1024;
  private final byte[] image = TestImages.bytes(TestImages.all().get(0));
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private HttpServer server;
  private ImageFetcher fetcher;
  private int port;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    server = vertx.createHttpServer().requestHandler(req -> {
      hits.computeIfAbsent(req.path(), k -> new AtomicInteger()).incrementAndGet();
      HttpServerResponse res = req.response();
      switch (req.path()) {
        case "/img" -> res.putHeader("Content-Type", "image/jpeg").end(Buffer.buffer(image));
        case "/redirect" -> res.setStatusCode(302).putHeader("Location", "/img").end();
        case "/to-loopback" -> res.setStatusCode(301).putHeader("Location", "http://127.0.0.1:" + port + "/img").end();
        case "/loop" -> res.setStatusCode(307).putHeader("Location", "/loop").end();
        case "/missing" -> res.setStatusCode(404).end();
        case "/flaky" -> res.setStatusCode(503).end();
        case "/endless" -> { // no Content-Length: only the running count can stop it
          res.setChunked(true);
          vertx.setPeriodic(1, id -> {
            if (res.closed() || res.ended()) vertx.cancelTimer(id);
            else res.write(Buffer.buffer(new byte[64 * 1024]));
          });
        }
        case "/declared-big" -> res.putHeader("Content-Length", "1000000000").write(Buffer.buffer(new byte[16]));
        default -> res.setStatusCode(500).end();
      }
    });
    server.listen(0, "127.0.0.1").onComplete(ctx.succeeding(s -> {
      port = s.actualPort();
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    Future.join(fetcher == null ? Future.succeededFuture() : fetcher.close(), server.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  private ImageFetcher fetcher(Vertx vertx, String... allowHosts) {
    fetcher = new ImageFetcher(vertx, new FetchConfig(MAX_BYTES, 1000, 3000, 2, 1, List.of(allowHosts)));
    return fetcher;
  }

  private int hits(String path) {
    return hits.getOrDefault(path, new AtomicInteger()).get();
  }

  /** Expects the fetch to fail with {@code type} and {@code code}; runs {@code then} inside verify. */
  private void expectFailure(VertxTestContext ctx, Future<byte[]> fetch, Class<? extends BayanException> type,
                             String code, Runnable then) {
    fetch.onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).isInstanceOf(type);
      assertThat(((BayanException) e).code()).as(e.getMessage()).isEqualTo(code);
      then.run();
      ctx.completeNow();
    })));
  }

  @Test
  void loopbackIsRefusedBeforeAnyConnectionHoweverItIsWritten(Vertx vertx, VertxTestContext ctx) {
    ImageFetcher f = fetcher(vertx);
    Future.all(List.of("http://127.0.0.1:" + port + "/img", "http://localhost:" + port + "/img",
            "http://[::1]:" + port + "/img", "http://[::ffff:127.0.0.1]:" + port + "/img").stream()
        .map(url -> f.fetch(url).transform(ar -> Future.succeededFuture(
            ar.failed() ? ((BayanException) ar.cause()).code() : "fetched"))).toList())
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<String>list()).containsOnly("image_url_refused");
          assertThat(hits("/img")).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void anAllowListedHostIsFetched(Vertx vertx, VertxTestContext ctx) {
    fetcher(vertx, "127.0.0.1").fetch("http://127.0.0.1:" + port + "/img")
        .onComplete(ctx.succeeding(bytes -> ctx.verify(() -> {
          assertThat(bytes).isEqualTo(image);
          ctx.completeNow();
        })));
  }

  @Test
  void redirectsAreFollowedAndEveryHopIsChecked(Vertx vertx, VertxTestContext ctx) {
    ImageFetcher f = fetcher(vertx, "localhost");
    f.fetch("http://localhost:" + port + "/redirect").compose(bytes -> {
      ctx.verify(() -> assertThat(bytes).isEqualTo(image));
      // localhost is allowed; the hop it redirects to (127.0.0.1) is not.
      return f.fetch("http://localhost:" + port + "/to-loopback");
    }).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(((BayanException) e).code()).isEqualTo("image_url_refused");
      assertThat(hits("/to-loopback")).isEqualTo(1);
      assertThat(hits("/img")).isEqualTo(1); // only the fetch through /redirect reached it
      ctx.completeNow();
    })));
  }

  @Test
  void redirectsStopAtTheLimit(Vertx vertx, VertxTestContext ctx) {
    expectFailure(ctx, fetcher(vertx, "127.0.0.1").fetch("http://127.0.0.1:" + port + "/loop"), BadInput.class,
        "image_fetch_redirects", () -> assertThat(hits("/loop")).isEqualTo(3)); // the URL and 2 redirects
  }

  @Test
  void aBodyPastTheLimitIsCutOff(Vertx vertx, VertxTestContext ctx) {
    ImageFetcher f = fetcher(vertx, "127.0.0.1");
    f.fetch("http://127.0.0.1:" + port + "/endless").onComplete(ctx.failing(endless -> {
      ctx.verify(() -> assertThat(endless).isInstanceOf(TooLarge.class));
      expectFailure(ctx, f.fetch("http://127.0.0.1:" + port + "/declared-big"), TooLarge.class, "image_too_large",
          () -> { });
    }));
  }

  @Test
  void clientErrorsFailAtOnceAndServerErrorsAreRetried(Vertx vertx, VertxTestContext ctx) {
    ImageFetcher f = fetcher(vertx, "127.0.0.1");
    f.fetch("http://127.0.0.1:" + port + "/missing").onComplete(ctx.failing(missing -> {
      ctx.verify(() -> {
        assertThat(((BayanException) missing).code()).isEqualTo("image_fetch_status");
        assertThat(hits("/missing")).isEqualTo(1);
      });
      expectFailure(ctx, f.fetch("http://127.0.0.1:" + port + "/flaky"), BadInput.class, "image_fetch_failed",
          () -> assertThat(hits("/flaky")).isEqualTo(2)); // one retry configured
    }));
  }

  @Test
  void urlsThatAreNotPlainHttpAreInvalid(Vertx vertx, VertxTestContext ctx) {
    ImageFetcher f = fetcher(vertx);
    Future.all(List.of("ftp://example.org/a.jpg", "not a url", "http://user:pw@example.org/a.jpg", "/relative.jpg")
        .stream().map(url -> f.fetch(url).transform(ar -> Future.succeededFuture(
            ar.failed() ? ((BayanException) ar.cause()).code() : "fetched"))).toList())
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<String>list()).containsOnly("image_url_invalid");
          ctx.completeNow();
        })));
  }
}
