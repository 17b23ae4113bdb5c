package dev.bayan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.TestGateway;
import dev.bayan.TestImages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strangers' bytes over real HTTP: every hostile upload gets a clear JSON error with a stable
 * code (never a 500, never a stack trace), and the gateway keeps serving. The decoder-level cases
 * (every format truncated, CMYK, EXIF, fuzzing) are in dev.bayan.image.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class HostileUploadsTest {
  private static final int BODY_LIMIT = 256 * 1024;
  @TempDir Path dataDir;
  WebClient client;
  int port;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    client = WebClient.create(vertx);
    TestGateway.start(vertx, TestGateway.config(dataDir, Map.of("bayan.http.maxBodyBytes", "" + BODY_LIMIT)))
        .onComplete(ctx.succeeding(g -> {
          port = g.httpPort();
          ctx.completeNow();
        }));
  }

  private record Case(String name, String contentType, byte[] body, String query, int status, String code) {}

  /** A PNG whose header claims 20000 x 20000 pixels: a few hundred bytes that would need 1.2 GB. */
  static byte[] pngBomb() {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(20_000).putInt(20_000).put((byte) 8).put((byte) 2)
        .put((byte) 0).put((byte) 0).put((byte) 0).array());
    chunk(png, "IDAT", new byte[256]);
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    png.writeBytes(t);
    png.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  @Test
  void everyHostileUploadGetsAStableCodeAndTheServerKeepsServing(VertxTestContext ctx) {
    byte[] jpeg = TestImages.bytes(TestImages.file("opencv_0059.jpg"));
    byte[] random = new byte[4096];
    new java.util.Random(7).nextBytes(random);
    List<Case> cases = List.of(
        new Case("empty body", "image/jpeg", new byte[0], "postId=a", 400, "image_empty"),
        new Case("truncated jpeg", "image/jpeg", Arrays.copyOf(jpeg, jpeg.length / 2), "postId=a", 400, "image_corrupt"),
        new Case("random bytes as image", "image/png", random, "postId=a", 415, "unsupported_media_type"),
        new Case("svg", "image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(), "postId=a", 415,
            "unsupported_media_type"),
        new Case("tiff", "image/tiff", new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0}, "postId=a", 415,
            "unsupported_media_type"),
        new Case("png bomb", "image/png", pngBomb(), "postId=a", 413, "image_too_many_pixels"),
        new Case("body over the limit", "image/jpeg", new byte[BODY_LIMIT * 2], "postId=a", 413, "body_too_large"),
        new Case("text instead of an image", "text/plain", "hello".getBytes(), "postId=a", 415,
            "unsupported_media_type"),
        new Case("invalid postId", "image/jpeg", jpeg, "postId=" + "x".repeat(200), 400, "invalid_post_id"),
        new Case("invalid space", "image/jpeg", jpeg, "postId=a&space=..%2Fetc", 400, "invalid_space"),
        new Case("invalid dryRun", "image/jpeg", jpeg, "postId=a&dryRun=maybe", 400, "invalid_dry_run"));
    Future<Void> chain = Future.succeededFuture();
    for (Case c : cases) {
      chain = chain.compose(v -> client.post(port, "127.0.0.1", "/v1/check?" + c.query())
          .putHeader("Content-Type", c.contentType()).sendBuffer(Buffer.buffer(c.body()))
          .map(r -> {
            ctx.verify(() -> assertProblem(c.name(), r, c.status(), c.code()));
            return null;
          }));
    }
    MultipartForm noImage = MultipartForm.create().attribute("postId", "m1");
    chain.compose(v -> client.post(port, "127.0.0.1", "/v1/check").sendMultipartForm(noImage))
        .compose(r -> {
          ctx.verify(() -> assertProblem("multipart without image", r, 400, "missing_image"));
          return client.post(port, "127.0.0.1", "/v1/check?postId=still-serving")
              .putHeader("Content-Type", "image/jpeg").sendBuffer(Buffer.buffer(jpeg));
        })
        .onComplete(ctx.succeeding(ok -> ctx.verify(() -> {
          assertThat(ok.statusCode()).isEqualTo(200);
          assertThat(ok.bodyAsJsonObject().getString("decision")).isEqualTo("accept");
          ctx.completeNow();
        })));
  }

  private static void assertProblem(String name, HttpResponse<Buffer> r, int status, String code) {
    assertThat(r.statusCode()).as(name + ": " + r.bodyAsString()).isEqualTo(status);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getJsonObject("error").getString("code")).as(name).isEqualTo(code);
    assertThat(r.bodyAsString()).as(name).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
