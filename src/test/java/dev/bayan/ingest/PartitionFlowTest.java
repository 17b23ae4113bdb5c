package dev.bayan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionFlowTest {

  @Test
  void theCommitPositionMovesOnlyPastAnUnbrokenRunOfFinishedRecords() {
    PartitionFlow<String> flow = new PartitionFlow<>(10);
    flow.start(5);
    flow.start(6);
    flow.start(7);
    assertThat(flow.finish(6)).isEqualTo(-1); // 5 still runs: committing 7 would skip it after a crash
    assertThat(flow.finish(7)).isEqualTo(-1);
    assertThat(flow.finish(5)).isEqualTo(8);  // 5, 6 and 7 are done: read on from 8
    flow.start(8);
    assertThat(flow.finish(8)).isEqualTo(9);
    assertThat(flow.inFlight()).isZero();
  }

  @Test
  void aFullPartitionPausesAndResumesOnceThereIsRoomAndNothingWaits() {
    PartitionFlow<String> flow = new PartitionFlow<>(2);
    flow.start(0);
    assertThat(flow.shouldPause()).isFalse();
    flow.start(1);
    assertThat(flow.canStart()).isFalse();
    assertThat(flow.shouldPause()).isTrue();
    flow.paused(true);
    flow.waitFor("record 2"); // fetched before the pause took effect
    assertThat(flow.finish(0)).isEqualTo(1);
    assertThat(flow.canStart()).isTrue();
    assertThat(flow.shouldResume()).isFalse(); // record 2 goes first
    assertThat(flow.nextWaiting()).isEqualTo("record 2");
    flow.start(2);
    assertThat(flow.shouldResume()).isFalse(); // full again
    flow.finish(1);
    assertThat(flow.shouldResume()).isTrue();
  }

  @Test
  void aRecordBackingOffAfterAnOverloadHoldsThePartition() {
    PartitionFlow<String> flow = new PartitionFlow<>(8);
    flow.start(0);
    flow.retryBegins();
    assertThat(flow.canStart()).isFalse();
    assertThat(flow.shouldPause()).isTrue();
    flow.paused(true);
    flow.retryEnds();
    assertThat(flow.shouldResume()).isTrue();
  }
}
