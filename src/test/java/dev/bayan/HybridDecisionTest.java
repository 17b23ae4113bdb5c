package dev.bayan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** PDQ beside the CNN, and banks, through the real gateway. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class HybridDecisionTest {
  @TempDir Path dataDir;
  WebClient client;
  int port;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    client = WebClient.create(vertx);
    TestGateway.start(vertx, TestGateway.config(dataDir, Map.of())).onComplete(ctx.succeeding(g -> {
      port = g.httpPort();
      ctx.completeNow();
    }));
  }

  private Future<JsonObject> check(byte[] image, String query) {
    return client.post(port, "127.0.0.1", "/v1/check?" + query).putHeader("Content-Type", "image/jpeg")
        .sendBuffer(Buffer.buffer(image)).map(r -> {
          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
          return r.bodyAsJsonObject();
        });
  }

  private static JsonObject match(JsonObject answer, String postId) {
    return answer.getJsonArray("matches").stream().map(JsonObject.class::cast)
        .filter(m -> m.getString("postId").equals(postId)).findFirst().orElseThrow();
  }

  @Test
  void aFlippedCopyIsCaughtByPdqAndA20PercentCropByTheCnn(VertxTestContext ctx) {
    BufferedImage photo = ImageEdits.read(TestImages.bytes(TestImages.file("opencv_0059.jpg")));
    byte[] flipped = ImageEdits.jpeg(ImageEdits.flip(photo), 0.9f);
    byte[] cropped = ImageEdits.jpeg(ImageEdits.crop(photo, 0.20), 0.9f);
    check(ImageEdits.jpeg(photo, 0.95f), "postId=orig").compose(first -> {
      ctx.verify(() -> assertThat(first.getString("decision")).isEqualTo("accept"));
      return check(flipped, "postId=flipped&dryRun=true");
    }).compose(flip -> {
      ctx.verify(() -> {
        assertThat(flip.getString("decision")).as(flip.encode()).isEqualTo("reject");
        JsonObject evidence = match(flip, "orig");
        assertThat(evidence.getInteger("pdqDistance")).isLessThanOrEqualTo(31); // the mirrored hash variant
        assertThat(evidence.getString("signal")).contains("pdq");
        assertThat(flip.getString("reason")).contains("pdq distance");
      });
      return check(cropped, "postId=cropped&dryRun=true");
    }).onComplete(ctx.succeeding(crop -> ctx.verify(() -> {
      assertThat(crop.getString("decision")).as(crop.encode()).isIn("reject", "review");
      JsonObject evidence = match(crop, "orig");
      assertThat(evidence.getString("signal")).contains("cnn");
      assertThat(evidence.getDouble("similarity")).isGreaterThanOrEqualTo(0.8);
      ctx.completeNow();
    })));
  }

  @Test
  void aBankHitRejectsInAnySpaceAndNamesTheBank(VertxTestContext ctx) {
    byte[] known = TestImages.bytes(TestImages.file("palapeli_0003.jpg"));
    client.post(port, "127.0.0.1", "/admin/banks/known-bad?entryId=e1").putHeader("Content-Type", "image/jpeg")
        .sendBuffer(Buffer.buffer(known))
        .compose(added -> {
          ctx.verify(() -> {
            assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
            assertThat(added.bodyAsJsonObject().getString("postId")).isEqualTo("bank:known-bad:e1");
          });
          return check(ImageEdits.jpeg(ImageEdits.read(known), 0.5f), "postId=upload1&space=cats");
        })
        .compose(hit -> {
          ctx.verify(() -> {
            assertThat(hit.getString("decision")).isEqualTo("reject");
            assertThat(hit.getString("reason")).contains("bank known-bad");
            assertThat(hit.getJsonObject("original").getString("bank")).isEqualTo("known-bad");
          });
          return client.get(port, "127.0.0.1", "/admin/banks").send();
        })
        .compose(list -> {
          ctx.verify(() -> assertThat(list.bodyAsJsonObject().getJsonArray("banks").getJsonObject(0).encode())
              .isEqualTo("{\"name\":\"known-bad\",\"entries\":1}"));
          return client.delete(port, "127.0.0.1", "/admin/banks/known-bad/e1").send();
        })
        .compose(removed -> {
          ctx.verify(() -> assertThat(removed.statusCode()).isEqualTo(204));
          return check(known, "postId=upload2&space=dogs");
        })
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          assertThat(after.getString("decision")).isEqualTo("accept");
          ctx.completeNow();
        })));
  }
}
