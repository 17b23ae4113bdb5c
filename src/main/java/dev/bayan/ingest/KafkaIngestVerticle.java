package dev.bayan.ingest;

import dev.bayan.bus.KafkaClients;
import dev.bayan.config.KafkaConfig;
import dev.bayan.error.Overloaded;
import dev.bayan.error.StoreUnavailable;
import dev.bayan.publish.DecisionEvent;
import dev.bayan.publish.DecisionProducer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the posts of the posts topic on the same pipeline as {@code POST /v1/check}.
 *
 * <p>At-least-once: a record's offset is committed only after its decision is durable (the
 * match stage answered) and acknowledged on the decisions (and flags) topic, or after the record
 * went to the dead-letter topic. A redelivered post is harmless: an accepted one is answered
 * "already indexed" without a second index entry, a flagged one was never indexed and is flagged
 * again. A record that can never be checked (bad JSON, undecodable image, refused or failing
 * image URL) goes to the dead-letter topic and the partition moves on; an overloaded pipeline or
 * an unavailable store makes the record wait and retry while its partition pauses.
 */
public final class KafkaIngestVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaIngestVerticle.class);

  private final KafkaConfig cfg;
  private final CheckPipeline pipeline;
  private final String instance;
  private final Counter decided;
  private final Counter deadLettered;
  private final Counter retried;
  private final Map<TopicPartition, PartitionFlow<KafkaConsumerRecord<String, Buffer>>> flows = new HashMap<>();
  private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
  private boolean committing;
  private ImageFetcher fetcher;
  private KafkaProducer<String, Buffer> producer;
  private DecisionProducer decisions;
  private DeadLetters deadLetters;
  private KafkaConsumer<String, Buffer> consumer;

  private static final long BROKER_PROBE_MS = 5000;
  private volatile boolean connected;

  public KafkaIngestVerticle(KafkaConfig cfg, CheckPipeline pipeline, String instance, MeterRegistry registry) {
    this.cfg = cfg;
    this.pipeline = pipeline;
    this.instance = instance;
    this.decided = outcome(registry, "decided");
    this.deadLettered = outcome(registry, "dead_letter");
    this.retried = outcome(registry, "retried");
  }

  private static Counter outcome(MeterRegistry registry, String outcome) {
    return Counter.builder("bayan.kafka.posts").description("posts taken from the posts topic, by what became of them")
        .tag("outcome", outcome).register(registry);
  }

  @Override
  public Future<?> start() {
    fetcher = new ImageFetcher(vertx, cfg.fetch());
    producer = KafkaClients.producer(vertx, cfg, "bayan-ingest-" + instance);
    decisions = new DecisionProducer(producer, cfg);
    deadLetters = new DeadLetters(producer, cfg.deadLetterTopic(), instance);
    consumer = KafkaClients.consumer(vertx, cfg, cfg.groupId(), "earliest", cfg.maxInFlightPerPartition());
    consumer.handler(this::receive);
    consumer.partitionsRevokedHandler(this::revoked);
    consumer.exceptionHandler(e -> LOG.warn("posts consumer: {}", e.toString()));
    vertx.setPeriodic(0, BROKER_PROBE_MS, t -> probeBroker());
    return consumer.subscribe(cfg.postsTopic());
  }

  /** Readiness: the broker answered the last metadata request for the posts topic. */
  public boolean connected() {
    return connected;
  }

  private void probeBroker() {
    producer.partitionsFor(cfg.postsTopic()).onComplete(ar -> connected = ar.succeeded());
  }

  @Override
  public Future<?> stop() {
    return Future.join(KafkaClients.close(consumer, "posts", cfg.closeTimeoutMs()),
        KafkaClients.close(producer, cfg.closeTimeoutMs()), fetcher.close());
  }

  private void receive(KafkaConsumerRecord<String, Buffer> record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    PartitionFlow<KafkaConsumerRecord<String, Buffer>> flow =
        flows.computeIfAbsent(tp, k -> new PartitionFlow<>(cfg.maxInFlightPerPartition()));
    if (flow.canStart() && !flow.hasWaiting()) start(tp, flow, record);
    else flow.waitFor(record);
    pauseIfNeeded(tp, flow);
  }

  private void start(TopicPartition tp, PartitionFlow<KafkaConsumerRecord<String, Buffer>> flow,
                     KafkaConsumerRecord<String, Buffer> record) {
    flow.start(record.offset());
    attempt(tp, flow, record);
  }

  /** One try at a record; a retryable failure schedules the next try after kafka.retryDelayMs. */
  private void attempt(TopicPartition tp, PartitionFlow<KafkaConsumerRecord<String, Buffer>> flow,
                       KafkaConsumerRecord<String, Buffer> record) {
    process(record).onComplete(ar -> {
      if (flows.get(tp) != flow) return; // the partition was revoked: its new owner reads the record again
      if (ar.succeeded()) {
        finished(tp, flow, record);
        return;
      }
      retried.increment();
      LOG.debug("post at {}-{}@{} waits and retries: {}", tp.getTopic(), tp.getPartition(), record.offset(),
          ar.cause().toString());
      flow.retryBegins();
      pauseIfNeeded(tp, flow);
      vertx.setTimer(cfg.retryDelayMs(), id -> {
        flow.retryEnds();
        if (flows.get(tp) == flow) attempt(tp, flow, record);
      });
    });
  }

  private void finished(TopicPartition tp, PartitionFlow<KafkaConsumerRecord<String, Buffer>> flow,
                        KafkaConsumerRecord<String, Buffer> record) {
    long commit = flow.finish(record.offset());
    if (commit >= 0) {
      toCommit.put(tp, new OffsetAndMetadata(commit, ""));
      commit();
    }
    while (flow.canStart() && flow.hasWaiting()) start(tp, flow, flow.nextWaiting());
    if (flow.shouldResume()) {
      flow.paused(false);
      consumer.resume(tp);
    } else {
      pauseIfNeeded(tp, flow);
    }
  }

  private void pauseIfNeeded(TopicPartition tp, PartitionFlow<KafkaConsumerRecord<String, Buffer>> flow) {
    if (flow.shouldPause()) {
      flow.paused(true);
      consumer.pause(tp);
    }
  }

  /**
   * Succeeds once the record may be committed: its decision produced, or the record dead-lettered.
   * Fails only for what waiting can fix: an overloaded pipeline, the store or Kafka unavailable.
   */
  private Future<Void> process(KafkaConsumerRecord<String, Buffer> record) {
    Future<CheckResult> checked;
    try {
      PostMessage post = PostMessage.parse(record.value());
      Future<byte[]> image =
          post.image() != null ? Future.succeededFuture(post.image()) : fetcher.fetch(post.imageUrl());
      checked = image.compose(bytes -> pipeline.check(post.request(), bytes, "kafka"));
    } catch (RuntimeException e) { // a started record must always finish, or its partition would stall
      checked = Future.failedFuture(e);
    }
    return checked.transform(ar -> {
      if (ar.succeeded()) return decisions.send(event(ar.result())).andThen(sent -> {
        if (sent.succeeded()) decided.increment();
      });
      Throwable failure = ar.cause();
      if (failure instanceof Overloaded || failure instanceof StoreUnavailable) return Future.failedFuture(failure);
      return deadLetters.send(record, failure).andThen(sent -> {
        if (sent.succeeded()) deadLettered.increment();
      });
    });
  }

  private DecisionEvent event(CheckResult r) {
    return new DecisionEvent(r.request().postId(), r.request().authorId(), r.request().space(), r.decision(),
        r.indexed(), r.modelId(), System.currentTimeMillis(), "kafka", instance);
  }

  /** One commit at a time; offsets that advance meanwhile go out with the next one. */
  private void commit() {
    if (committing || toCommit.isEmpty()) return;
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(toCommit);
    toCommit.clear();
    committing = true;
    consumer.commit(offsets).onComplete(ar -> {
      committing = false;
      if (ar.failed()) LOG.warn("offset commit failed (the records will be redelivered): {}", ar.cause().toString());
      commit();
    });
  }

  private void revoked(Set<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      flows.remove(tp);
      toCommit.remove(tp);
    }
  }
}
