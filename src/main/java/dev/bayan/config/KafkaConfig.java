package dev.bayan.config;

import java.util.List;

/**
 * Kafka in and out. Off while {@code bootstrapServers} is empty (the embedded default).
 *
 * @param bootstrapServers {@code host:port,...}; empty = no Kafka
 * @param postsTopic posts to check, JSON with the image inline (base64) or as {@code imageUrl}
 * @param decisionsTopic every decision, keyed by postId
 * @param flagsTopic decisions that are {@code review} or {@code reject}; the live feeds of every instance read it
 * @param deadLetterTopic posts that can never be processed, unchanged, with the reason in headers
 * @param groupId consumer group of the posts topic (shared by all gateway instances)
 * @param maxInFlightPerPartition posts of one partition checked at once; the partition pauses beyond it
 * @param retryDelayMs wait before retrying a post the pipeline refused as overloaded (or the store as unavailable)
 * @param closeTimeoutMs how long a stopping gateway waits for each Kafka client to close
 */
public record KafkaConfig(String bootstrapServers, String postsTopic, String decisionsTopic, String flagsTopic,
                          String deadLetterTopic, String groupId, int maxInFlightPerPartition, long retryDelayMs,
                          long closeTimeoutMs, FetchConfig fetch) {
  public KafkaConfig {
    bootstrapServers = bootstrapServers == null ? "" : bootstrapServers.trim();
    for (String topic : new String[] {postsTopic, decisionsTopic, flagsTopic, deadLetterTopic, groupId}) {
      Checks.require(topic != null && !topic.isBlank(), "kafka topics and groupId must not be empty");
    }
    Checks.require(maxInFlightPerPartition >= 1 && maxInFlightPerPartition <= 1024,
        "kafka.maxInFlightPerPartition must be 1..1024");
    Checks.require(retryDelayMs >= 1, "kafka.retryDelayMs must be positive");
    Checks.require(closeTimeoutMs >= 1, "kafka.closeTimeoutMs must be positive");
    Checks.require(fetch != null, "kafka.fetch is required");
  }

  public boolean enabled() {
    return !bootstrapServers.isEmpty();
  }

  /**
   * Fetching {@code imageUrl}: only public addresses unless the host is allow-listed.
   *
   * @param maxImageBytes larger responses are cut off and the post goes to the dead-letter topic
   * @param connectTimeoutMs TCP (and TLS) connect limit per attempt
   * @param readTimeoutMs longest silence while waiting for response bytes
   * @param maxRedirects redirects followed, each hop checked like the first URL
   * @param retries extra attempts after a transient failure (connect error, timeout, 5xx, 429)
   * @param allowHosts host names fetched even when they resolve to loopback/private addresses
   */
  public record FetchConfig(long maxImageBytes, long connectTimeoutMs, long readTimeoutMs, int maxRedirects,
                            int retries, List<String> allowHosts) {
    public FetchConfig {
      Checks.require(maxImageBytes >= 1024, "kafka.fetch.maxImageBytes must be at least 1024");
      Checks.require(connectTimeoutMs >= 1, "kafka.fetch.connectTimeoutMs must be positive");
      Checks.require(readTimeoutMs >= 1, "kafka.fetch.readTimeoutMs must be positive");
      Checks.require(maxRedirects >= 0 && maxRedirects <= 20, "kafka.fetch.maxRedirects must be 0..20");
      Checks.require(retries >= 0 && retries <= 10, "kafka.fetch.retries must be 0..10");
      allowHosts = allowHosts == null ? List.of()
          : allowHosts.stream().map(h -> h.trim().toLowerCase(java.util.Locale.ROOT)).toList();
    }
  }
}
