package dev.bayan.ingest;

import dev.bayan.config.KafkaConfig.FetchConfig;
import dev.bayan.error.BadInput;
import dev.bayan.error.TooLarge;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Downloads the image of a post that arrives as {@code imageUrl}, with the guards such a fetch
 * needs in a gateway that sits inside a private network: every hop's host is resolved first and
 * each of its addresses must be public (unless the host is allow-listed), and the connection
 * goes to the address that was checked, so a second DNS answer cannot swap in another one.
 * Redirects are followed here, one checked hop at a time. The body is read with a hard size cap
 * and a deadline; on either the connection is reset rather than drained.
 *
 * <p>Fails with {@link BadInput} (refused, unreachable after retries, HTTP error) or
 * {@link TooLarge}. Uses the Vert.x HTTP client under the WebClient: it is the one that can
 * reset a response mid-body.
 */
public final class ImageFetcher {
  private final Vertx vertx;
  private final FetchConfig cfg;
  private final HttpClient client;

  /** A failure worth another attempt: connect error, timeout, 5xx or 429. */
  private static final class Transient extends Exception {
    Transient(String message) {
      super(message, null, false, false);
    }
  }

  private record Hop(URI uri, String host, int port, boolean https) {}

  private record Answer(int status, String location, byte[] body) {}

  public ImageFetcher(Vertx vertx, FetchConfig cfg) {
    this.vertx = vertx;
    this.cfg = cfg;
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, cfg.connectTimeoutMs()))
        .setForceSni(true)
        .setDecompressionSupported(false), // a compressed body could expand past the cap
        new PoolOptions().setHttp1MaxSize(8));
  }

  public Future<byte[]> fetch(String url) {
    return attempt(url, 0);
  }

  public Future<Void> close() {
    return client.close();
  }

  private Future<byte[]> attempt(String url, int attempt) {
    Future<byte[]> once;
    try {
      once = follow(hop(url), cfg.maxRedirects());
    } catch (BadInput e) {
      return Future.failedFuture(e);
    }
    return once.recover(failure -> {
      if (!(failure instanceof Transient t)) return Future.failedFuture(failure);
      if (attempt >= cfg.retries()) {
        return Future.failedFuture(new BadInput("image_fetch_failed",
            "could not fetch imageUrl after " + (attempt + 1) + " attempts: " + t.getMessage()));
      }
      Promise<byte[]> retry = Promise.promise();
      vertx.setTimer(200L << attempt, id -> attempt(url, attempt + 1).onComplete(retry));
      return retry.future();
    });
  }

  private Future<byte[]> follow(Hop hop, int redirectsLeft) {
    return server(hop).compose(address -> exchange(hop, address)).compose(answer -> {
      if (answer.location() == null) return Future.succeededFuture(answer.body());
      if (redirectsLeft == 0) {
        return Future.failedFuture(new BadInput("image_fetch_redirects",
            "imageUrl redirects more than kafka.fetch.maxRedirects=" + cfg.maxRedirects() + " times"));
      }
      Hop next;
      try {
        next = hop(hop.uri().resolve(answer.location()).toString());
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(new BadInput("image_url_invalid", "imageUrl redirects to an invalid URL"));
      }
      return follow(next, redirectsLeft - 1);
    });
  }

  /** Parses and checks the parts of a URL that need no lookup. */
  private static Hop hop(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new BadInput("image_url_invalid", "imageUrl is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new BadInput("image_url_invalid", "imageUrl must be http or https");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw new BadInput("image_url_invalid", "imageUrl needs a host and no user:password part");
    }
    boolean https = scheme.equals("https");
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    return new Hop(uri, host, uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80, https);
  }

  /**
   * The address to connect to: null for an allow-listed host (the client resolves it), else the
   * first resolved address after every resolved address has passed {@link AddressPolicy}.
   */
  private Future<SocketAddress> server(Hop hop) {
    if (cfg.allowHosts().contains(hop.host())) return Future.succeededFuture(null);
    return vertx.executeBlocking(() -> {
      InetAddress[] addresses;
      try {
        addresses = InetAddress.getAllByName(hop.host());
      } catch (UnknownHostException e) {
        throw new Transient("unknown host " + hop.host());
      }
      for (InetAddress address : addresses) {
        String refusal = AddressPolicy.refusal(address);
        if (refusal != null) {
          throw new BadInput("image_url_refused", "imageUrl host " + hop.host() + " resolves to a " + refusal
              + " address; allow it in kafka.fetch.allowHosts if that is intended");
        }
      }
      return SocketAddress.inetSocketAddress(hop.port(), addresses[0].getHostAddress());
    }, false);
  }

  private Future<Answer> exchange(Hop hop, SocketAddress server) {
    String path = hop.uri().getRawPath() == null || hop.uri().getRawPath().isEmpty() ? "/" : hop.uri().getRawPath();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(hop.host()).setPort(hop.port())
        .setSsl(hop.https()).setURI(hop.uri().getRawQuery() == null ? path : path + "?" + hop.uri().getRawQuery())
        .setConnectTimeout(cfg.connectTimeoutMs()).setIdleTimeout(cfg.readTimeoutMs())
        .putHeader("Accept", "image/*");
    if (server != null) options.setServer(server);
    return client.request(options).recover(e -> Future.failedFuture(new Transient("connect failed: " + e.getMessage())))
        .compose(request -> {
          Promise<Answer> answer = Promise.promise();
          long deadline = vertx.setTimer(cfg.readTimeoutMs(), id -> {
            answer.tryFail(new Transient("no complete response within kafka.fetch.readTimeoutMs"));
            request.reset();
          });
          request.send().onComplete(ar -> {
            if (ar.succeeded()) read(request, ar.result(), answer);
            else answer.tryFail(new Transient("request failed: " + ar.cause().getMessage()));
          });
          return answer.future().andThen(ar -> vertx.cancelTimer(deadline));
        });
  }

  private void read(HttpClientRequest request, HttpClientResponse response, Promise<Answer> answer) {
    int status = response.statusCode();
    if (status >= 300 && status < 400 && response.getHeader("Location") != null) {
      answer.tryComplete(new Answer(status, response.getHeader("Location"), null));
      request.reset(); // the body of a redirect is of no use
      return;
    }
    if (status < 200 || status >= 300) {
      answer.tryFail(status >= 500 || status == 429 ? new Transient("HTTP " + status)
          : new BadInput("image_fetch_status", "imageUrl answered HTTP " + status));
      request.reset();
      return;
    }
    String declared = response.getHeader("Content-Length");
    if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > cfg.maxImageBytes()) {
      answer.tryFail(tooLarge());
      request.reset();
      return;
    }
    Buffer body = Buffer.buffer();
    response.handler(chunk -> {
      if (body.length() + (long) chunk.length() > cfg.maxImageBytes()) {
        answer.tryFail(tooLarge()); // first: the reset below breaks the response too
        request.reset();
      } else {
        body.appendBuffer(chunk);
      }
    });
    response.exceptionHandler(e -> answer.tryFail(new Transient("response broken: " + e.getMessage())));
    response.endHandler(v -> answer.tryComplete(new Answer(status, null, body.getBytes())));
  }

  private TooLarge tooLarge() {
    return new TooLarge("image_too_large", "imageUrl body exceeds kafka.fetch.maxImageBytes=" + cfg.maxImageBytes());
  }
}
