package dev.bayan.config;

/** The whole configuration, read once from {@code conf/bayan.yaml} (see {@link ConfigLoader}). */
public record BayanConfig(HttpConfig http, ImageConfig image, ModelConfig model, EmbedConfig embed,
                          MatchConfig match, StoreConfig store, PolicyConfig policy,
                          SecurityConfig security, KafkaConfig kafka, FeedConfig feed) {
  public BayanConfig {
    Checks.require(http != null && image != null && model != null && embed != null && match != null
        && store != null && policy != null && security != null && kafka != null && feed != null,
        "every configuration section is required");
  }
}
