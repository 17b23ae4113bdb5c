package dev.bayan.match;

import dev.bayan.config.StoreConfig.MilvusConfig;
import dev.bayan.error.StoreUnavailable;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.exception.MilvusClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Milvus client with the rules every call must follow: a deadline on each RPC, retries with
 * exponential back-off when Milvus says it is unavailable, a fresh client after the connection
 * breaks, and every failure surfaced as {@link StoreUnavailable} ({@code store_unavailable}).
 *
 * <p>Why a fresh client: the SDK's stubs wait for the channel to be ready, and gRPC's reconnect
 * back-off grows to minutes while a server is down, so an old channel can stay dark long after
 * Milvus is back. A broken client is retired (closed once its in-flight calls have passed their
 * deadline) and the next call connects anew, after a plain TCP check so that a server that is
 * down costs a refused socket rather than a leaked channel.
 */
final class MilvusConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MilvusConnection.class);
  /** Milvus status codes that mean "try again shortly": not ready, unavailable, rate limited. */
  private static final Set<Integer> RETRYABLE_SERVER_CODES = Set.of(1, 2, 8);
  private static final long FIRST_BACKOFF_MS = 50;
  private static final long MAX_BACKOFF_MS = 2_000;

  private final MilvusConfig cfg;
  private final long timeoutMs;
  private final int retries;
  private final String endpoint;
  private final List<Retired> retired = new ArrayList<>();
  private MilvusClientV2 client; // guarded by this
  private boolean closed; // guarded by this

  private record Retired(MilvusClientV2 client, long closeAfterNanos) {}

  MilvusConnection(MilvusConfig cfg, long timeoutMs, int retries) {
    this.cfg = cfg;
    this.timeoutMs = timeoutMs;
    this.retries = retries;
    ConnectConfig probe = connectConfig();
    this.endpoint = probe.getHost() + ":" + probe.getPort();
  }

  String endpoint() {
    return endpoint;
  }

  /** Runs {@code op} against Milvus under the rules above; {@code what} names it in error messages. */
  <T> T call(String what, Function<MilvusClientV2, T> op) {
    long backoffMs = FIRST_BACKOFF_MS;
    for (int attempt = 0; ; attempt++) {
      MilvusClientV2 current = null;
      try {
        current = client();
        return op.apply(current);
      } catch (RuntimeException e) {
        Failure failure = Failure.of(e);
        if (failure.broken() && current != null) retire(current);
        if (failure.retryable() && attempt < retries) {
          LOG.debug("Milvus {}: {} (attempt {}), retrying in {} ms", what, e, attempt + 1, backoffMs);
          pause(backoffMs, what);
          backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
          continue;
        }
        throw failure.surface(endpoint, what, timeoutMs, attempt + 1, e);
      }
    }
  }

  void run(String what, java.util.function.Consumer<MilvusClientV2> op) {
    call(what, c -> {
      op.accept(c);
      return null;
    });
  }

  private synchronized MilvusClientV2 client() {
    if (closed) throw new StoreUnavailable("store_unavailable", "the Milvus store is closed");
    closeExpiredRetirees(false);
    if (client == null) client = connect();
    return client;
  }

  private synchronized void retire(MilvusClientV2 broken) {
    if (client != broken) return; // another call already replaced it
    client = null;
    // In-flight calls on it end by their own deadline; close it once they must have.
    retired.add(new Retired(broken, System.nanoTime() + (timeoutMs + 1_000) * 1_000_000));
  }

  private MilvusClientV2 connect() {
    requireReachable();
    MilvusClientV2 fresh = new MilvusClientV2(connectConfig());
    // Retrying is ours to do: the SDK's own loop ignores deadlines' total and swallows its last error.
    fresh.retryConfig(RetryConfig.builder().maxRetryTimes(1).build());
    return fresh;
  }

  private ConnectConfig connectConfig() {
    ConnectConfig.ConnectConfigBuilder b = ConnectConfig.builder()
        .uri(cfg.uri())
        .connectTimeoutMs(timeoutMs)
        .rpcDeadlineMs(timeoutMs); // without it the SDK's wait-for-ready stubs wait forever
    if (cfg.token() != null && !cfg.token().isBlank()) b.token(cfg.token());
    if (cfg.database() != null && !cfg.database().isBlank()) b.dbName(cfg.database());
    return b.build();
  }

  /** A refused or silent socket fails here, before the SDK builds a channel it could not close. */
  private void requireReachable() {
    ConnectConfig cc = connectConfig();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(cc.getHost(), cc.getPort()), (int) Math.min(timeoutMs, Integer.MAX_VALUE));
    } catch (IOException e) {
      throw new Unreachable(e);
    }
  }

  private void pause(long ms, String what) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailable("store_unavailable", "interrupted while retrying Milvus " + what, e);
    }
  }

  private void closeExpiredRetirees(boolean all) {
    long now = System.nanoTime();
    for (Iterator<Retired> it = retired.iterator(); it.hasNext(); ) {
      Retired r = it.next();
      if (all || now - r.closeAfterNanos() >= 0) {
        shutdown(r.client());
        it.remove();
      }
    }
  }

  private static void shutdown(MilvusClientV2 c) {
    try {
      c.close(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.debug("closing a Milvus client failed", e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    closeExpiredRetirees(true);
    if (client != null) shutdown(client);
    client = null;
  }

  /** The TCP check failed: Milvus is not listening (refused) or not answering (timed out). */
  static final class Unreachable extends RuntimeException {
    Unreachable(IOException cause) {
      super(cause.getMessage(), cause, false, false);
    }

    boolean refused() {
      return getCause() instanceof ConnectException;
    }
  }

  /** What a failed call means for the connection and for the caller. */
  private enum Failure {
    /** The server said UNAVAILABLE or refused the socket: the channel is suspect, try again. */
    UNAVAILABLE(true, true),
    /** No answer within the deadline (or the socket timed out): retrying would only double the wait. */
    SILENT(true, false),
    /** Milvus answered "not now" (not ready, rate limited): the connection is fine, try again. */
    BUSY(false, true),
    /** Milvus answered with an error that retrying will not change. */
    REJECTED(false, false);

    private final boolean broken;
    private final boolean retryable;

    Failure(boolean broken, boolean retryable) {
      this.broken = broken;
      this.retryable = retryable;
    }

    boolean broken() {
      return broken;
    }

    boolean retryable() {
      return retryable;
    }

    static Failure of(Throwable e) {
      if (e instanceof Unreachable u) return u.refused() ? UNAVAILABLE : SILENT;
      Status.Code code = grpcCode(e);
      if (code == Status.Code.UNAVAILABLE) return UNAVAILABLE;
      if (code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.CANCELLED) return SILENT;
      if (e instanceof MilvusClientException m && RETRYABLE_SERVER_CODES.contains(m.getServerErrCode())) return BUSY;
      return REJECTED;
    }

    StoreUnavailable surface(String endpoint, String what, long timeoutMs, int attempts, RuntimeException e) {
      if (e instanceof StoreUnavailable s) return s;
      String why = switch (this) {
        case UNAVAILABLE -> "unavailable after " + attempts + " attempt(s): " + reason(e);
        case SILENT -> "no answer within " + timeoutMs + " ms";
        case BUSY -> "busy after " + attempts + " attempt(s): " + reason(e);
        case REJECTED -> "rejected: " + reason(e);
      };
      return new StoreUnavailable("store_unavailable", "Milvus at " + endpoint + " " + what + ": " + why, e);
    }

    private static Status.Code grpcCode(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof StatusRuntimeException s) return s.getStatus().getCode();
      }
      return null;
    }

    private static String reason(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof StatusRuntimeException s) {
          return s.getStatus().getCode() + " " + s.getStatus().getDescription();
        }
      }
      return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
  }
}
