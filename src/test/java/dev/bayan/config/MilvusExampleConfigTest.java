package dev.bayan.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docker/bayan-milvus.yaml is an overlay on conf/bayan.yaml that must still load, with the compose file's overrides. */
class MilvusExampleConfigTest {
  @Test
  void theDockerExampleLoadsAsAMilvusStore() {
    BayanConfig cfg = ConfigLoader.load(List.of(Path.of("conf/bayan.yaml"), Path.of("docker/bayan-milvus.yaml")),
        Map.of("BAYAN_STORE_MILVUS_URI", "http://milvus:19531"), key -> null);

    assertThat(cfg.store().kind()).isEqualTo("milvus");
    assertThat(cfg.store().milvus().uri()).isEqualTo("http://milvus:19531");
    assertThat(cfg.store().milvus().consistency()).isEqualTo("SESSION");
    assertThat(cfg.match().visibilityLagMs()).isEqualTo(5000);
    assertThat(cfg.http().port()).isEqualTo(8080); // from the base file
  }
}
