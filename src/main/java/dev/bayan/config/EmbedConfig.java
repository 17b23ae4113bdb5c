package dev.bayan.config;

/**
 * The embedding stage: worker verticles each owning an ONNX session, fed by a micro-batcher.
 *
 * @param device {@code cpu} or {@code cuda} (falls back to CPU with one log line when CUDA is absent)
 * @param maxQueue images waiting for a worker; beyond it a check answers 503
 */
public record EmbedConfig(int workers, int intraOpThreads, int maxBatch, long maxWaitMs, int maxQueue,
                          String device) {
  public EmbedConfig {
    Checks.require(workers >= 1, "embed.workers must be at least 1");
    Checks.require(intraOpThreads >= 1, "embed.intraOpThreads must be at least 1");
    Checks.require(maxBatch >= 1 && maxBatch <= 1024, "embed.maxBatch must be 1..1024");
    Checks.require(maxWaitMs >= 0, "embed.maxWaitMs must be >= 0");
    Checks.require(maxQueue >= maxBatch, "embed.maxQueue must be >= embed.maxBatch");
    Checks.require("cpu".equals(device) || "cuda".equals(device), "embed.device must be cpu or cuda");
  }
}
