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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability guarantee: every check answered 200 with {@code indexed: true} survives a
 * {@code kill -9} of the gateway in the middle of sustained load. A child JVM is killed while
 * checks are in flight, restarted on the same data directory, and asked for every such post.
 * {@code scripts/bayan chaos} runs a longer version ({@code -Dbayan.chaos.posts=...}).
 */
class CrashRecoveryTest {
  private static final int IN_FLIGHT = 8;
  @TempDir Path dataDir;
  private final HttpClient http = HttpClient.newBuilder().build();

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void indexedPostsSurviveKillDashNine() throws Exception {
    List<Path> images = TestImages.all();
    int killAfter = Integer.getInteger("bayan.chaos.posts", images.size());
    Set<String> indexed = ConcurrentHashMap.newKeySet();
    Semaphore slots = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    try (ChildGateway gateway = ChildGateway.start(dataDir, Map.of())) {
      // Each image once per space: distinct posts that are accepted and indexed. Keep IN_FLIGHT
      // checks running and kill the gateway while they are being decoded, embedded and committed.
      for (int n = 0; indexed.size() < killAfter; n++) {
        slots.acquire();
        String postId = "crash-" + (n / images.size()) + "-" + (n % images.size());
        sent.add(check(gateway.port, images.get(n % images.size()), postId, "s" + (n / images.size()))
            .thenAccept(json -> {
              if (json != null && json.getBoolean("indexed", false)) indexed.add(postId);
            }).whenComplete((v, e) -> slots.release()));
      }
      gateway.kill();
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    }
    Set<String> acknowledged = Set.copyOf(indexed);
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(killAfter);

    try (ChildGateway restarted = ChildGateway.start(dataDir, Map.of())) {
      for (String postId : acknowledged) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + restarted.port + "/v1/posts/" + postId)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("post %s answered indexed:true before the kill", postId).isEqualTo(200);
      }
      String firstOfS0 = acknowledged.stream().filter(id -> id.startsWith("crash-0-")).sorted().findFirst().orElseThrow();
      int image = Integer.parseInt(firstOfS0.substring("crash-0-".length()));
      JsonObject again = check(restarted.port, images.get(image), "after-crash", "s0").join();
      assertThat(again.getString("decision")).isEqualTo("reject");
      assertThat(again.getJsonObject("original").getString("postId")).isEqualTo(firstOfS0);
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
