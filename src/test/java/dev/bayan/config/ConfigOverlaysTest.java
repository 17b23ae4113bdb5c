package dev.bayan.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped overlays on conf/bayan.yaml must still load and change only what they name. */
class ConfigOverlaysTest {
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

  @Test
  void theGpuOverlayMovesEmbeddingToCudaWithTheMeasuredBatch() {
    BayanConfig base = ConfigLoader.load(List.of(Path.of("conf/bayan.yaml")), Map.of(), key -> null);
    BayanConfig gpu = ConfigLoader.load(List.of(Path.of("conf/bayan.yaml"), Path.of("conf/gpu.yaml")), Map.of(),
        key -> null);

    assertThat(gpu.embed().device()).isEqualTo("cuda");
    assertThat(gpu.embed().maxBatch()).isEqualTo(32);
    assertThat(gpu.embed().intraOpThreads()).isEqualTo(base.embed().intraOpThreads()); // from the base file
    assertThat(gpu.image()).isEqualTo(base.image());
    assertThat(gpu.store()).isEqualTo(base.store());
  }
}
