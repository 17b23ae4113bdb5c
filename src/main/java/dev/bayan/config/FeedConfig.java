package dev.bayan.config;

/**
 * The WebSocket live feed of flagged posts ({@code GET /v1/feed}).
 *
 * @param bufferSize events kept per client that reads slower than they come; the oldest go first
 * @param thumbnails include thumbnail URLs ({@code /v1/posts/{postId}/thumbnail}) in feed events
 */
public record FeedConfig(int bufferSize, boolean thumbnails) {
  public FeedConfig {
    Checks.require(bufferSize >= 1 && bufferSize <= 100_000, "feed.bufferSize must be 1..100000");
  }
}
