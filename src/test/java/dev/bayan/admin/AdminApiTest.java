package dev.bayan.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.BayanVerticle;
import dev.bayan.ImageEdits;
import dev.bayan.TestGateway;
import dev.bayan.TestImages;
import dev.bayan.config.BayanConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over real HTTP against a real gateway (model, store on disk): auth, validation, effects. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class AdminApiTest {
  static final String TOKEN = "s3cret-admin-token";

  @TempDir Path dataDir;
  WebClient client; // a field: Vert.x 5 may otherwise close an unreachable client mid-test
  BayanConfig cfg;
  int port;
  String deploymentId;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    cfg = TestGateway.config(dataDir, Map.of("bayan.security.adminToken", TOKEN));
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

  private Future<Void> restart(Vertx vertx) {
    return vertx.undeploy(deploymentId).compose(v -> deploy(vertx));
  }

  @AfterEach
  void stop(Vertx vertx, VertxTestContext ctx) {
    vertx.undeploy(deploymentId).onComplete(ctx.succeedingThenComplete());
  }

  // ---- helpers ----------------------------------------------------------------------------

  private HttpRequest<Buffer> admin(HttpMethod method, String path) {
    return client.request(method, port, "127.0.0.1", path).putHeader("Authorization", "Bearer " + TOKEN);
  }

  private Future<JsonObject> adminJson(HttpMethod method, String path, JsonObject body, int status) {
    HttpRequest<Buffer> request = admin(method, path);
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
    return sent.map(r -> {
      assertThat(r.statusCode()).as(method + " " + path + ": " + r.bodyAsString()).isEqualTo(status);
      return r.bodyAsJsonObject();
    });
  }

  private Future<JsonObject> check(byte[] image, String query) {
    return client.post(port, "127.0.0.1", "/v1/check?" + query).putHeader("Content-Type", "image/jpeg")
        .sendBuffer(Buffer.buffer(image)).map(r -> {
          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
          return r.bodyAsJsonObject();
        });
  }

  private static String errorCode(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  /** Asks again every 100 ms until the answer passes (bounded by the test's @Timeout). */
  private Future<JsonObject> until(Vertx vertx, String path, Predicate<JsonObject> done) {
    Promise<JsonObject> result = Promise.promise();
    poll(vertx, path, done, result);
    return result.future();
  }

  private void poll(Vertx vertx, String path, Predicate<JsonObject> done, Promise<JsonObject> result) {
    adminJson(HttpMethod.GET, path, null, 200).onFailure(result::fail).onSuccess(json -> {
      if (done.test(json)) result.complete(json);
      else vertx.setTimer(100, t -> poll(vertx, path, done, result));
    });
  }

  private static byte[] image(int index) {
    return TestImages.bytes(TestImages.all().get(index));
  }

  /** The same picture re-encoded at low quality: a near duplicate, not the same bytes. */
  private static byte[] reencoded(int index) {
    return ImageEdits.jpeg(ImageEdits.read(image(index)), 0.4f);
  }

  // ---- auth -------------------------------------------------------------------------------

  @Test
  void adminRoutesAnswer401WithoutTheTokenAnd403WithAWrongOne(VertxTestContext ctx) {
    client.get(port, "127.0.0.1", "/admin/stats").send().compose(none -> {
      ctx.verify(() -> {
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(errorCode(none)).isEqualTo("missing_token");
      });
      return client.get(port, "127.0.0.1", "/admin/policy").putHeader("Authorization", "Bearer nope").send();
    }).compose(wrong -> {
      ctx.verify(() -> {
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(errorCode(wrong)).isEqualTo("wrong_token");
      });
      // an unknown admin path tells a stranger nothing either
      return client.delete(port, "127.0.0.1", "/admin/posts/anything").send();
    }).compose(delete -> {
      ctx.verify(() -> assertThat(delete.statusCode()).isEqualTo(401));
      return adminJson(HttpMethod.GET, "/admin/stats", null, 200);
    }).onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
      assertThat(stats.getString("model")).isEqualTo(cfg.model().id());
      ctx.completeNow();
    })));
  }

  @Test
  void theAdminTokenAlsoOpensTheCheckApiWhenApiKeysAreRequired(Vertx vertx, VertxTestContext ctx) {
    cfg = TestGateway.config(dataDir, Map.of("bayan.security.adminToken", TOKEN,
        "bayan.security.apiKeys", "[app-key]"));
    restart(vertx).compose(v -> client.post(port, "127.0.0.1", "/v1/check?dryRun=true")
        .putHeader("Content-Type", "image/jpeg").sendBuffer(Buffer.buffer(image(0)))).compose(anonymous -> {
          ctx.verify(() -> assertThat(anonymous.statusCode()).isEqualTo(401));
          return admin(HttpMethod.POST, "/v1/check?dryRun=true").putHeader("Content-Type", "image/jpeg")
              .sendBuffer(Buffer.buffer(image(0)));
        }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
          assertThat(r.bodyAsJsonObject().getBoolean("dryRun")).isTrue();
          ctx.completeNow();
        })));
  }

  // ---- policy -----------------------------------------------------------------------------

  @Test
  void anInvalidPolicyIsRefusedWith400AndACodeAndChangesNothing(VertxTestContext ctx) {
    admin(HttpMethod.PUT, "/admin/policy").sendJsonObject(new JsonObject()
        .put("rejectSimilarity", 0.8).put("reviewSimilarity", 0.9)).compose(inverted -> {
          ctx.verify(() -> {
            assertThat(inverted.statusCode()).isEqualTo(400);
            assertThat(errorCode(inverted)).isEqualTo("invalid_policy");
            assertThat(inverted.bodyAsJsonObject().getJsonObject("error").getString("message"))
                .contains("reviewSimilarity");
          });
          return admin(HttpMethod.PUT, "/admin/policy").sendJsonObject(new JsonObject()
              .put("rejectSimilarity", 0.9).put("reviewSimilarity", 0.8)
              .put("spaces", new JsonObject().put("memes", new JsonObject()
                  .put("rejectSimilarity", 1.5).put("reviewSimilarity", 0.8))));
        }).compose(badSpace -> {
          ctx.verify(() -> {
            assertThat(badSpace.statusCode()).isEqualTo(400);
            assertThat(badSpace.bodyAsJsonObject().getJsonObject("error").getString("message"))
                .startsWith("policy.spaces.memes: rejectSimilarity");
          });
          return admin(HttpMethod.PUT, "/admin/policy").sendJsonObject(new JsonObject()
              .put("rejectSimilarity", 0.9).put("reviewSimilarity", 0.8).put("rejectSimilarty", 0.95));
        }).compose(typo -> {
          ctx.verify(() -> {
            assertThat(typo.statusCode()).isEqualTo(400);
            assertThat(typo.bodyAsJsonObject().getJsonObject("error").getString("message"))
                .contains("unknown field 'rejectSimilarty'");
          });
          return admin(HttpMethod.PUT, "/admin/policy").putHeader("Content-Type", "application/json")
              .sendBuffer(Buffer.buffer("{not json"));
        }).compose(garbage -> {
          ctx.verify(() -> {
            assertThat(garbage.statusCode()).isEqualTo(400);
            assertThat(errorCode(garbage)).isEqualTo("invalid_json");
          });
          return adminJson(HttpMethod.GET, "/admin/policy", null, 200);
        }).onComplete(ctx.succeeding(policy -> ctx.verify(() -> {
          assertThat(policy.getDouble("rejectSimilarity")).isEqualTo(0.99);
          assertThat(policy.getDouble("reviewSimilarity")).isEqualTo(0.95);
          assertThat(Files.exists(dataDir.resolve("policy.json"))).isFalse();
          ctx.completeNow();
        })));
  }

  @Test
  void aPolicyChangeDecidesTheNextCheckPerSpaceAndSurvivesARestart(Vertx vertx, VertxTestContext ctx) {
    byte[] copy = reencoded(1);
    JsonObject[] lenient = new JsonObject[1];
    check(image(1), "postId=orig-d&space=default")
        .compose(x -> check(image(1), "postId=orig-m&space=memes"))
        .compose(x -> check(copy, "postId=copy-d1&space=default"))
        .compose(before -> {
          double similarity = before.getJsonObject("original").getDouble("similarity");
          ctx.verify(() -> {
            assertThat(before.getString("decision")).isIn("reject", "review");
            assertThat(similarity).isLessThan(0.9999);
          });
          // strict enough that this copy passes, in space memes only
          double bar = Math.min(1.0, (similarity + 1) / 2);
          // PDQ off in memes (-1): a re-encoded copy is within its reject distance
          lenient[0] = new JsonObject().put("rejectSimilarity", 0.9).put("reviewSimilarity", 0.8)
              .put("spaces", new JsonObject().put("memes", new JsonObject()
                  .put("rejectSimilarity", bar).put("reviewSimilarity", bar)
                  .put("pdqRejectDistance", -1).put("pdqReviewDistance", -1)))
              .put("pdqRejectDistance", 31).put("pdqReviewDistance", 45);
          return adminJson(HttpMethod.PUT, "/admin/policy", lenient[0], 200);
        })
        .compose(saved -> {
          ctx.verify(() -> assertThat(saved).isEqualTo(lenient[0]));
          return check(copy, "postId=copy-m1&space=memes");
        })
        .compose(memes -> {
          ctx.verify(() -> assertThat(memes.getString("decision")).as(memes.encode()).isEqualTo("accept"));
          return check(copy, "postId=copy-d2&space=default");
        })
        .compose(other -> {
          ctx.verify(() -> assertThat(other.getString("decision")).isIn("reject", "review"));
          return restart(vertx);
        })
        .compose(v -> adminJson(HttpMethod.GET, "/admin/policy", null, 200))
        .onComplete(ctx.succeeding(afterRestart -> ctx.verify(() -> {
          assertThat(afterRestart).isEqualTo(lenient[0]);
          assertThat(Files.readString(dataDir.resolve("policy.json"))).contains("memes");
          ctx.completeNow();
        })));
  }

  // ---- delete -----------------------------------------------------------------------------

  @Test
  void aDeletedPostNoLongerMatches(VertxTestContext ctx) {
    byte[] photo = image(2);
    check(photo, "postId=to-delete")
        .compose(x -> check(photo, "dryRun=true"))
        .compose(before -> {
          ctx.verify(() -> assertThat(before.getJsonObject("original").getString("postId")).isEqualTo("to-delete"));
          return adminJson(HttpMethod.DELETE, "/admin/posts/to-delete", null, 200);
        })
        .compose(deleted -> {
          ctx.verify(() -> assertThat(deleted.getBoolean("deleted")).isTrue());
          return check(photo, "dryRun=true");
        })
        .compose(after -> {
          ctx.verify(() -> {
            assertThat(after.getString("decision")).isEqualTo("accept");
            assertThat(after.getJsonArray("matches")).isEmpty();
          });
          return admin(HttpMethod.DELETE, "/admin/posts/to-delete").send();
        })
        .compose(again -> {
          ctx.verify(() -> {
            assertThat(again.statusCode()).isEqualTo(404);
            assertThat(errorCode(again)).isEqualTo("post_not_found");
          });
          return client.get(port, "127.0.0.1", "/v1/posts/to-delete").send();
        })
        .onComplete(ctx.succeeding(lookup -> ctx.verify(() -> {
          assertThat(lookup.statusCode()).isEqualTo(404);
          ctx.completeNow();
        })));
  }

  // ---- feedback ---------------------------------------------------------------------------

  @Test
  void notDuplicateFeedbackLetsThePairThroughEvenAfterARestart(Vertx vertx, VertxTestContext ctx) {
    byte[] original = image(3);
    byte[] copy = reencoded(3);
    check(original, "postId=fb-a")
        .compose(x -> check(copy, "postId=fb-b"))
        .compose(flagged -> {
          ctx.verify(() -> {
            assertThat(flagged.getString("decision")).isIn("reject", "review");
            assertThat(flagged.getJsonObject("original").getString("postId")).isEqualTo("fb-a");
          });
          return adminJson(HttpMethod.POST, "/admin/feedback", new JsonObject().put("postId", "fb-b")
              .put("matchedPostId", "fb-a").put("verdict", "not_duplicate"), 201);
        })
        .compose(recorded -> {
          ctx.verify(() -> assertThat(recorded.getString("verdict")).isEqualTo("not_duplicate"));
          return check(copy, "postId=fb-b");
        })
        .compose(through -> {
          ctx.verify(() -> {
            assertThat(through.getString("decision")).as(through.encode()).isEqualTo("accept");
            assertThat(through.getBoolean("indexed")).isTrue();
          });
          return check(copy, "postId=fb-c"); // another post of the same picture is still a repost
        })
        .compose(other -> {
          ctx.verify(() -> assertThat(other.getString("decision")).isIn("reject", "review"));
          return adminJson(HttpMethod.GET, "/admin/feedback?postId=fb-b", null, 200);
        })
        .compose(list -> {
          ctx.verify(() -> {
            assertThat(list.getJsonArray("feedback")).hasSize(1);
            assertThat(list.getJsonArray("feedback").getJsonObject(0).getString("matchedPostId")).isEqualTo("fb-a");
            assertThat(Files.readString(dataDir.resolve("feedback.jsonl"))).contains("\"not_duplicate\"");
          });
          return restart(vertx);
        })
        .compose(v -> check(original, "postId=fb-b&dryRun=true"))
        .onComplete(ctx.succeeding(afterRestart -> ctx.verify(() -> {
          // fb-b is indexed itself now; what matters is that fb-a is still no evidence against it
          assertThat(afterRestart.getJsonArray("matches").stream().map(m -> ((JsonObject) m).getString("postId")))
              .doesNotContain("fb-a");
          assertThat(afterRestart.getString("decision")).isEqualTo("accept");
          ctx.completeNow();
        })));
  }

  @Test
  void invalidFeedbackIsRefusedWithACode(VertxTestContext ctx) {
    admin(HttpMethod.POST, "/admin/feedback").sendJsonObject(new JsonObject().put("postId", "a")
        .put("matchedPostId", "b").put("verdict", "maybe")).compose(verdict -> {
          ctx.verify(() -> {
            assertThat(verdict.statusCode()).isEqualTo(400);
            assertThat(errorCode(verdict)).isEqualTo("invalid_verdict");
          });
          return admin(HttpMethod.POST, "/admin/feedback").sendJsonObject(new JsonObject().put("postId", "a")
              .put("matchedPostId", "a").put("verdict", "confirmed"));
        }).compose(same -> {
          ctx.verify(() -> assertThat(errorCode(same)).isEqualTo("same_post"));
          return admin(HttpMethod.POST, "/admin/feedback").sendJsonObject(new JsonObject().put("postId", 42)
              .put("matchedPostId", "b").put("verdict", "confirmed"));
        }).compose(number -> {
          ctx.verify(() -> assertThat(errorCode(number)).isEqualTo("invalid_postId"));
          return admin(HttpMethod.POST, "/admin/feedback").putHeader("Content-Type", "application/json")
              .sendBuffer(Buffer.buffer("[1,2]"));
        }).onComplete(ctx.succeeding(array -> ctx.verify(() -> {
          assertThat(array.statusCode()).isEqualTo(400);
          assertThat(errorCode(array)).isEqualTo("invalid_json");
          assertThat(Files.exists(dataDir.resolve("feedback.jsonl"))).isFalse();
          ctx.completeNow();
        })));
  }

  // ---- stats and store --------------------------------------------------------------------

  @Test
  void statsCountDecisionsByOutcomeAndDescribeTheStore(VertxTestContext ctx) {
    check(image(4), "postId=s1&space=cats")
        .compose(x -> check(image(5), "postId=s2"))
        .compose(x -> check(image(4), "postId=s3&space=cats"))
        .compose(x -> check(image(6), "dryRun=true")) // a look-up, not a decision
        .compose(x -> adminJson(HttpMethod.GET, "/admin/stats", null, 200))
        .compose(stats -> {
          ctx.verify(() -> {
            for (String window : new String[] {"lastMinute", "lastHour", "total"}) {
              JsonObject counts = stats.getJsonObject("decisions").getJsonObject(window);
              assertThat(counts.getLong("accept")).as(window).isEqualTo(2);
              assertThat(counts.getLong("reject")).as(window).isEqualTo(1);
              assertThat(counts.getLong("review")).as(window).isZero();
            }
            assertThat(stats.getJsonObject("posts").getLong("total")).isEqualTo(2);
            assertThat(stats.getJsonObject("queues").getLong("embed")).isZero();
            assertThat(stats.getJsonObject("queues").getLong("match")).isZero();
            assertThat(stats.getJsonObject("batches").getJsonObject("embed").getInteger("last")).isBetween(1, 8);
            assertThat(stats.getJsonObject("batches").getJsonObject("search").getDouble("mean")).isGreaterThanOrEqualTo(1);
            assertThat(stats.getJsonObject("store").getString("kind")).isEqualTo("embedded");
            assertThat(stats.getJsonObject("backfill").getString("state")).isEqualTo("idle");
          });
          return adminJson(HttpMethod.GET, "/admin/store", null, 200);
        })
        .compose(store -> {
          ctx.verify(() -> {
            assertThat(store.getLong("vectors")).isEqualTo(2);
            assertThat(store.getLong("pending")).isZero();
          });
          return adminJson(HttpMethod.POST, "/admin/store/compact", null, 200);
        })
        .onComplete(ctx.succeeding(compacted -> ctx.verify(() -> {
          assertThat(compacted.getBoolean("compacted")).isTrue();
          assertThat(compacted.getJsonObject("store").getLong("vectors")).isEqualTo(2);
          ctx.completeNow();
        })));
  }

  // ---- backfill ---------------------------------------------------------------------------

  @Test
  void backfillIndexesADirectoryWithoutDecidingAndShowsProgress(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path dir = Files.createDirectories(dataDir.resolve("archive"));
    for (int i = 7; i <= 9; i++) Files.write(dir.resolve("bf-" + i + ".jpg"), image(i));
    Files.write(dir.resolve("bf-7-again.jpg"), image(7)); // indexed too: a backfill does not decide
    Files.write(dir.resolve("bad name!.jpg"), image(10)); // not a valid postId: skipped
    Files.write(dir.resolve("broken.png"), "not a png".getBytes()); // cannot be decoded: failed
    Files.writeString(dir.resolve("notes.txt"), "not an image file name: ignored");
    adminJson(HttpMethod.POST, "/admin/backfill", new JsonObject().put("dir", dir.toString()).put("space", "archive"), 202)
        .compose(started -> {
          ctx.verify(() -> {
            assertThat(started.getInteger("total")).isEqualTo(6);
            assertThat(started.getString("space")).isEqualTo("archive");
          });
          return until(vertx, "/admin/backfill", p -> !"running".equals(p.getString("state")));
        })
        .compose(done -> {
          ctx.verify(() -> {
            assertThat(done.getString("state")).as(done.encode()).isEqualTo("done");
            assertThat(done.getInteger("indexed")).isEqualTo(4);
            assertThat(done.getInteger("skipped")).isEqualTo(1);
            assertThat(done.getInteger("failed")).isEqualTo(1);
            assertThat(done.getInteger("processed")).isEqualTo(6);
          });
          return client.get(port, "127.0.0.1", "/v1/posts/bf-7-again").send();
        })
        .compose(post -> {
          ctx.verify(() -> {
            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(post.bodyAsJsonObject().getString("decision")).isEqualTo("backfill");
            assertThat(post.bodyAsJsonObject().getString("space")).isEqualTo("archive");
          });
          return check(reencoded(8), "postId=new-post&space=archive");
        })
        .compose(repost -> {
          ctx.verify(() -> {
            assertThat(repost.getString("decision")).isIn("reject", "review");
            assertThat(repost.getJsonObject("original").getString("postId")).isEqualTo("bf-8");
          });
          return adminJson(HttpMethod.GET, "/admin/stats", null, 200);
        })
        .compose(stats -> {
          ctx.verify(() -> assertThat(stats.getJsonObject("backfill").getInteger("indexed")).isEqualTo(4));
          return admin(HttpMethod.POST, "/admin/backfill").sendJsonObject(new JsonObject()
              .put("dir", dataDir.resolve("no-such-dir").toString()));
        })
        .onComplete(ctx.succeeding(missing -> ctx.verify(() -> {
          assertThat(missing.statusCode()).isEqualTo(400);
          assertThat(errorCode(missing)).isEqualTo("not_a_directory");
          ctx.completeNow();
        })));
  }
}
