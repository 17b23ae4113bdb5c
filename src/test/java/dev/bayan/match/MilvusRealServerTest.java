package dev.bayan.match;

import dev.bayan.config.StoreConfig.MilvusConfig;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract suite against a real Milvus, opt-in: set {@code BAYAN_MILVUS_URI} (for example
 * {@code http://localhost:19530} with {@code docker compose -f docker/docker-compose.yml up milvus})
 * and, when auth is on, {@code BAYAN_MILVUS_TOKEN}. Otherwise JUnit reports it as skipped. Each
 * test uses its own collection with STRONG consistency and drops it afterwards.
 */
@EnabledIfEnvironmentVariable(named = "BAYAN_MILVUS_URI", matches = ".+")
class MilvusRealServerTest extends VectorStoreContractTest {
  private final String collection = "bayan_test_" + UUID.randomUUID().toString().replace("-", "");

  private MilvusConfig config() {
    String token = System.getenv().getOrDefault("BAYAN_MILVUS_TOKEN", "");
    return new MilvusConfig(System.getenv("BAYAN_MILVUS_URI"), token, "default", collection, "HNSW", 1024, 16, 16, 200,
        128, "STRONG", 10_000, 3);
  }

  @Override
  protected VectorStore openStore() {
    return new MilvusVectorStore(config(), DIM);
  }

  @Override
  protected VectorStore reopenStore(VectorStore old) {
    old.close();
    return new MilvusVectorStore(config(), DIM);
  }

  @AfterEach
  void dropCollection() {
    MilvusConfig cfg = config();
    ConnectConfig.ConnectConfigBuilder connect = ConnectConfig.builder().uri(cfg.uri()).rpcDeadlineMs(cfg.timeoutMs());
    if (!cfg.token().isBlank()) connect.token(cfg.token());
    MilvusClientV2 client = new MilvusClientV2(connect.build());
    try {
      client.dropCollection(DropCollectionReq.builder().collectionName(collection).build());
    } finally {
      client.close();
    }
  }
}
