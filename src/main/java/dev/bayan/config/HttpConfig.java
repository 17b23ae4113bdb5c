package dev.bayan.config;

/**
 * The public HTTP server: where it listens, how much it accepts, and from whom.
 *
 * @param tlsCertPath PEM certificate chain; with {@code tlsKeyPath} switches TLS on ("" = plain HTTP)
 * @param tlsKeyPath PEM private key
 * @param ratePerClient checks per second allowed per client (API key, else remote address); 0 = no limit
 * @param rateBurst how many checks a client may send at once above its rate
 */
public record HttpConfig(String host, int port, long maxBodyBytes, long requestTimeoutMs, String tlsCertPath,
                         String tlsKeyPath, double ratePerClient, int rateBurst) {
  public HttpConfig {
    Checks.require(port >= 0 && port <= 65535, "http.port must be 0..65535");
    Checks.require(maxBodyBytes >= 1024, "http.maxBodyBytes must be at least 1024");
    Checks.require(requestTimeoutMs > 0, "http.requestTimeoutMs must be positive");
    tlsCertPath = tlsCertPath == null ? "" : tlsCertPath;
    tlsKeyPath = tlsKeyPath == null ? "" : tlsKeyPath;
    Checks.require(tlsCertPath.isEmpty() == tlsKeyPath.isEmpty(), "http.tlsCertPath and http.tlsKeyPath go together");
    Checks.require(ratePerClient >= 0, "http.ratePerClient must be >= 0");
    Checks.require(rateBurst >= 1, "http.rateBurst must be at least 1");
  }

  public boolean tls() {
    return !tlsCertPath.isEmpty();
  }
}
