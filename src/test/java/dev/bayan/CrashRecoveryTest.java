package dev.bayan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability guarantee: every check answered 200 with {@code indexed: true} survives a
 * {@code kill -9} of the gateway in the middle of sustained load. A child JVM is killed while
 * checks are in flight, restarted on the same data directory, and asked for every such post.
 */
class CrashRecoveryTest {
  @TempDir Path dataDir;
  private final HttpClient http = HttpClient.newBuilder().build();

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void indexedPostsSurviveKillDashNine() throws Exception {
    List<Path> images = TestImages.all();
    Set<String> indexed = ConcurrentHashMap.newKeySet();
    int sent;
    try (ChildGateway gateway = ChildGateway.start(dataDir, Map.of())) {
      // Each image in several spaces: distinct posts that are all accepted and indexed.
      List<CompletableFuture<Void>> inFlight = new ArrayList<>();
      int killAfter = images.size() * 2;
      sent = 0;
      for (int space = 0; space < 6; space++) {
        for (int i = 0; i < images.size(); i++) {
          String postId = "crash-" + space + "-" + i;
          inFlight.add(check(gateway.port, images.get(i), postId, "s" + space).thenAccept(json -> {
            if (json != null && json.getBoolean("indexed", false)) indexed.add(postId);
          }));
          sent++;
        }
        if (sent >= killAfter) {
          // kill while the next space's checks are still being decoded, embedded and committed
          while (indexed.size() < images.size() / 2) Thread.sleep(20);
          gateway.kill();
          break;
        }
      }
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    }
    assertThat(indexed).hasSizeGreaterThanOrEqualTo(images.size() / 2);
    assertThat(indexed.size()).as("some checks must have been cut off by the kill").isLessThan(sent);

    try (ChildGateway restarted = ChildGateway.start(dataDir, Map.of())) {
      for (String postId : indexed) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + restarted.port + "/v1/posts/" + postId)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("post %s answered indexed:true before the kill", postId).isEqualTo(200);
      }
      JsonObject again = check(restarted.port, images.get(0), "after-crash", "s0").join();
      assertThat(again.getString("decision")).isEqualTo("reject");
      assertThat(again.getJsonObject("original").getString("postId")).startsWith("crash-0-");
    }
  }

  private CompletableFuture<JsonObject> check(int port, Path image, String postId, String space) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + port + "/v1/check?postId=" + postId + "&space=" + space))
          .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofFile(image)).build();
      return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .thenApply(r -> r.statusCode() == 200 ? new JsonObject(r.body()) : null)
          .exceptionally(cutOff -> null);
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
