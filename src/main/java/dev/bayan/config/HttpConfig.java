package dev.bayan.config;

/** The public HTTP server: where it listens and how much it accepts. */
public record HttpConfig(String host, int port, long maxBodyBytes, long requestTimeoutMs) {
  public HttpConfig {
    Checks.require(port >= 0 && port <= 65535, "http.port must be 0..65535");
    Checks.require(maxBodyBytes >= 1024, "http.maxBodyBytes must be at least 1024");
    Checks.require(requestTimeoutMs > 0, "http.requestTimeoutMs must be positive");
  }
}
