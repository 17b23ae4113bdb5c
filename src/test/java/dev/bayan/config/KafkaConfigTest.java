package dev.bayan.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaConfigTest {
  private static final Path CONF = Path.of("conf/bayan.yaml");

  @Test
  void kafkaIsOffAndTheFeedOnInTheShippedConfiguration() {
    BayanConfig cfg = ConfigLoader.load(CONF, Map.of());
    assertThat(cfg.kafka().enabled()).isFalse();
    assertThat(cfg.kafka().postsTopic()).isEqualTo("bayan.posts");
    assertThat(cfg.kafka().deadLetterTopic()).isEqualTo("bayan.posts.dlq");
    assertThat(cfg.kafka().fetch().allowHosts()).isEmpty();
    assertThat(cfg.feed().thumbnails()).isTrue();
  }

  @Test
  void theEnvironmentSwitchesKafkaOnAndFillsTheAllowList() {
    BayanConfig cfg = ConfigLoader.load(java.util.List.of(CONF), Map.of("BAYAN_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
        "BAYAN_KAFKA_FETCH_ALLOW_HOSTS", "[Images.Internal, localhost]"), key -> null);
    assertThat(cfg.kafka().enabled()).isTrue();
    assertThat(cfg.kafka().fetch().allowHosts()).isEqualTo(List.of("images.internal", "localhost"));
  }

  @Test
  void limitsAreChecked() {
    assertThatThrownBy(() -> ConfigLoader.load(CONF, Map.of("bayan.kafka.maxInFlightPerPartition", "0")))
        .hasMessageContaining("kafka.maxInFlightPerPartition");
    assertThatThrownBy(() -> ConfigLoader.load(CONF, Map.of("bayan.feed.bufferSize", "0")))
        .hasMessageContaining("feed.bufferSize");
  }
}
