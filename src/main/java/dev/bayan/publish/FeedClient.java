package dev.bayan.publish;

import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;

/**
 * One connected feed client. Events reach it on its own connection's context; it writes while the
 * socket accepts more and queues the rest, at most {@code capacity}, dropping the oldest. So a
 * client that reads slowly loses old events instead of slowing anyone else.
 */
final class FeedClient {
  private final ServerWebSocket socket;
  private final Context context;
  private final String space;
  private final int capacity;
  private final FeedMetrics metrics;
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private boolean waitingForDrain;

  /** @param space only events of this space, or null for all */
  FeedClient(ServerWebSocket socket, Context context, String space, int capacity, FeedMetrics metrics) {
    this.socket = socket;
    this.context = context;
    this.space = space;
    this.capacity = capacity;
    this.metrics = metrics;
  }

  /** May be called from any thread. */
  void offer(String eventSpace, String json) {
    if (space != null && !space.equals(eventSpace)) return;
    context.runOnContext(v -> enqueue(json));
  }

  private void enqueue(String json) {
    if (socket.isClosed()) return;
    if (queue.size() >= capacity) {
      queue.pollFirst();
      metrics.dropped();
    }
    queue.addLast(json);
    if (!waitingForDrain) write();
  }

  private void write() {
    while (!queue.isEmpty() && !socket.writeQueueFull()) socket.writeTextMessage(queue.pollFirst());
    waitingForDrain = !queue.isEmpty();
    if (waitingForDrain) {
      socket.drainHandler(v -> {
        waitingForDrain = false;
        write();
      });
    }
  }
}
