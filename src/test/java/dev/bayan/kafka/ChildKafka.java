package dev.bayan.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka (controller and broker in one process) in a child JVM, on fixed ports
 * and a data directory that outlive the process: it can be killed with SIGKILL and started again
 * where it was, which the in-JVM test kit cannot do (its nodes come back on other ports).
 */
public final class ChildKafka implements AutoCloseable {
  private final Path dir;
  private final int port;
  private Process process;

  private ChildKafka(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Writes the configuration and formats the log directory (nothing runs yet). */
  public static ChildKafka format(Path dir) throws Exception {
    ChildKafka kafka = new ChildKafka(dir, freePort());
    int controller = freePort();
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("server.properties"), String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.bootstrap.servers=127.0.0.1:" + controller,
        "listeners=PLAINTEXT://127.0.0.1:" + kafka.port + ",CONTROLLER://127.0.0.1:" + controller,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + kafka.port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs=" + dir.resolve("data"),
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "group.initial.rebalance.delay.ms=0", ""));
    Process format = kafka.java("kafka.tools.StorageTool", "format", "--cluster-id", Uuid.randomUuid().toString(),
        "--config", dir.resolve("server.properties").toString(), "--standalone")
        .redirectOutput(dir.resolve("format.log").toFile()).start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      throw new IllegalStateException("formatting Kafka's log directory failed: see " + dir.resolve("format.log"));
    }
    return kafka;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Starts the broker (again, after {@link #kill()}) and returns once it answers metadata requests. */
  public void start() throws Exception {
    process = java("kafka.Kafka", dir.resolve("server.properties").toString())
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.log").toFile())).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      while (true) {
        if (!process.isAlive()) throw new IllegalStateException("Kafka exited: see " + dir.resolve("kafka.log"));
        try {
          admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get(3, TimeUnit.SECONDS);
          return;
        } catch (Exception notYet) {
          if (System.nanoTime() > deadline) throw new IllegalStateException("Kafka did not come up within 60 s");
        }
      }
    }
  }

  /** SIGKILL: no shutdown hook, no flush, no controlled leadership hand-over. */
  public void kill() throws InterruptedException {
    if (process == null) return;
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    process = null;
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  private ProcessBuilder java(String mainClass, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
    builder.environment().put("CLASSPATH", System.getProperty("java.class.path")); // the test classpath has Kafka
    return builder;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
