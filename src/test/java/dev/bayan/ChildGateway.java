package dev.bayan;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The gateway as a separate JVM (scripts/bayan's flags), so tests can kill -9 it. */
public final class ChildGateway implements AutoCloseable {
  private final Process process;
  public final int port;

  private ChildGateway(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static ChildGateway start(Path dataDir, Map<String, String> overrides) throws Exception {
    int port = freePort();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx1g",
        "-XX:G1HeapRegionSize=32m",
        "-Dbayan.http.port=" + port, "-Dbayan.http.host=127.0.0.1",
        "-Dbayan.store.path=" + dataDir.resolve("store"),
        "-Dbayan.model.path=" + TestGateway.model()));
    overrides.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(List.of("dev.bayan.Main", "conf/bayan.yaml"));
    ProcessBuilder builder = new ProcessBuilder(cmd);
    // ONNX Runtime 1.29 crashes in OrtEnvironment when the process command line passes about 4 KB:
    // hand the long test classpath over in the environment instead of -cp.
    builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    Process process = builder.redirectErrorStream(true)
        .redirectOutput(Path.of("target", "child-gateway-" + port + ".log").toFile()).start();
    ChildGateway child = new ChildGateway(process, port);
    child.awaitUp(Duration.ofSeconds(60));
    return child;
  }

  /** Polls until the HTTP port answers (any status) or the process dies. */
  private void awaitUp(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("gateway exited with " + process.exitValue());
      try {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/posts/probe")).build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        Thread.sleep(100); // a child process, not the event loop: polling is the only way to see it listen
      }
    }
    throw new IllegalStateException("gateway did not listen within " + timeout);
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      process.waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
