package dev.bayan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.config.BayanConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The spine end to end: real model, real Lucene index on disk, real HTTP client. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class GatewayTest {
  @TempDir Path dataDir;
  WebClient client; // a field: Vert.x 5 may otherwise close an unreachable client mid-test
  BayanConfig cfg;
  int port;
  String deploymentId;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    cfg = TestGateway.config(dataDir, Map.of());
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1"));
    deploy(vertx).onComplete(ctx.succeedingThenComplete());
  }

  private Future<Void> deploy(Vertx vertx) {
    return TestGateway.start(vertx, cfg).map(gateway -> {
      port = gateway.httpPort();
      deploymentId = gateway.deploymentID();
      return null;
    });
  }

  @AfterEach
  void stop(Vertx vertx, VertxTestContext ctx) {
    vertx.undeploy(deploymentId).onComplete(ctx.succeedingThenComplete());
  }

  private Future<HttpResponse<Buffer>> post(byte[] image, String query) {
    return client.post(port, "127.0.0.1", "/v1/check?" + query).putHeader("Content-Type", "image/jpeg")
        .sendBuffer(Buffer.buffer(image));
  }

  private Future<JsonObject> check(byte[] image, String postId) {
    return post(image, "postId=" + postId).map(r -> {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      return r.bodyAsJsonObject();
    });
  }

  /** Runs the checks one after another (order matters: the first post is the original). */
  private Future<List<JsonObject>> sequence(List<byte[]> images, Function<Integer, String> ids) {
    Future<List<JsonObject>> chain = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < images.size(); i++) {
      int n = i;
      chain = chain.compose(list -> check(images.get(n), ids.apply(n)).map(json -> {
        list.add(json);
        return list;
      }));
    }
    return chain;
  }

  @Test
  void editedCopiesAreFlaggedNamingTheOriginal(VertxTestContext ctx) {
    byte[] original = TestImages.bytes(TestImages.file("skimage_0006.jpg"));
    BufferedImage img = ImageEdits.read(original);
    List<byte[]> copies = List.of(
        original,
        ImageEdits.jpeg(img, 0.35f),
        ImageEdits.jpeg(ImageEdits.resize(img, 0.5), 0.85f),
        ImageEdits.jpeg(ImageEdits.crop(img, 0.10), 0.85f),
        ImageEdits.jpeg(ImageEdits.caption(img, "when the repost hits"), 0.85f));
    check(original, "orig").compose(first -> sequence(copies, i -> "copy" + i).map(results -> {
      ctx.verify(() -> {
        assertThat(first.getString("decision")).isEqualTo("accept");
        assertThat(first.getBoolean("indexed")).isTrue();
        for (JsonObject r : results) {
          assertThat(r.getString("decision")).as(r.encode()).isIn("reject", "review");
          assertThat(r.getJsonObject("original").getString("postId")).isEqualTo("orig");
          assertThat(r.getJsonObject("original").getDouble("similarity")).isGreaterThan(0.8);
          assertThat(r.getBoolean("indexed")).isFalse();
        }
        assertThat(results.get(0).getString("decision")).isEqualTo("reject"); // the exact bytes
      });
      return results;
    })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void differentPhotosAreAllAccepted(VertxTestContext ctx) {
    List<byte[]> photos = TestImages.DISTINCT_PHOTOS.stream().map(TestImages::file).map(TestImages::bytes).toList();
    sequence(photos, i -> "distinct" + i).onComplete(ctx.succeeding(r ->
        ctx.verify(() -> {
          assertThat(r).hasSize(20);
          for (JsonObject json : r) {
            assertThat(json.getString("decision")).as(json.encode()).isEqualTo("accept");
          }
          ctx.completeNow();
        })));
  }

  @Test
  void twoIdenticalUploadsAtOnceGiveOneAcceptAndOneReject(VertxTestContext ctx) {
    byte[] image = TestImages.bytes(TestImages.all().get(2));
    Future.all(check(image, "twin-a"), check(image, "twin-b")).onComplete(ctx.succeeding(both -> ctx.verify(() -> {
      List<String> decisions = List.of(both.<JsonObject>resultAt(0).getString("decision"),
          both.<JsonObject>resultAt(1).getString("decision"));
      assertThat(decisions).containsExactlyInAnyOrder("accept", "reject");
      ctx.completeNow();
    })));
  }

  @Test
  void postsSurviveARestartOnTheSameDataDir(Vertx vertx, VertxTestContext ctx) {
    byte[] image = TestImages.bytes(TestImages.all().get(3));
    check(image, "before-restart")
        .compose(first -> vertx.undeploy(deploymentId))
        .compose(v -> deploy(vertx))
        .compose(v -> check(image, "after-restart"))
        .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
          assertThat(second.getString("decision")).isEqualTo("reject");
          assertThat(second.getJsonObject("original").getString("postId")).isEqualTo("before-restart");
          ctx.completeNow();
        })));
  }

  @Test
  void corruptFileGetsAJsonErrorAndTheServerKeepsServing(VertxTestContext ctx) {
    byte[] valid = TestImages.bytes(TestImages.all().get(4));
    byte[] truncated = java.util.Arrays.copyOf(valid, valid.length / 3);
    post("not an image at all".getBytes(), "postId=bad1")
        .compose(bad -> {
          ctx.verify(() -> {
            assertThat(bad.statusCode()).isEqualTo(415);
            assertThat(bad.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unsupported_media_type");
          });
          return post(truncated, "postId=bad2");
        })
        .compose(bad -> {
          ctx.verify(() -> {
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("image_corrupt");
          });
          return check(valid, "good-after-bad");
        })
        .onComplete(ctx.succeeding(ok -> ctx.verify(() -> {
          assertThat(ok.getString("decision")).isEqualTo("accept");
          ctx.completeNow();
        })));
  }

  @Test
  void multipartUploadAndPostLookup(VertxTestContext ctx) {
    byte[] image = TestImages.bytes(TestImages.all().get(5));
    MultipartForm form = MultipartForm.create().attribute("postId", "mp1").attribute("authorId", "alice")
        .attribute("space", "cats").binaryFileUpload("image", "cat.jpg", Buffer.buffer(image), "image/jpeg");
    client.post(port, "127.0.0.1", "/v1/check").sendMultipartForm(form)
        .compose(r -> {
          ctx.verify(() -> {
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
            assertThat(r.bodyAsJsonObject().getString("space")).isEqualTo("cats");
          });
          return client.get(port, "127.0.0.1", "/v1/posts/mp1").send();
        })
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          JsonObject post = r.bodyAsJsonObject();
          assertThat(post.getString("authorId")).isEqualTo("alice");
          assertThat(post.getString("space")).isEqualTo("cats");
          assertThat(post.getInteger("dimension")).isEqualTo(576);
          ctx.completeNow();
        })));
  }

  @Test
  void missingPostIdAndBadSpaceAreClearErrors(VertxTestContext ctx) {
    byte[] image = TestImages.bytes(TestImages.all().get(6));
    post(image, "space=default").compose(r -> {
      ctx.verify(() -> {
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("missing_post_id");
      });
      return post(image, "postId=x&space=Bad%20Space");
    }).compose(r -> {
      ctx.verify(() -> assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code"))
          .isEqualTo("invalid_space"));
      return post(image, "dryRun=true");
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.bodyAsJsonObject().getBoolean("indexed")).isFalse();
      ctx.completeNow();
    })));
  }
}
