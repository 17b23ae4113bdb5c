package dev.bayan.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bayan.TestGateway;
import dev.bayan.TestImages;
import dev.bayan.admin.BackfillProgress;
import dev.bayan.error.BadInput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line backfill: the same job as the admin API, its own Vert.x and store, a progress bar. */
class BackfillCliTest {
  @TempDir Path dataDir;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void indexesADirectoryAndDrawsAProgressBar() throws Exception {
    Path dir = Files.createDirectories(dataDir.resolve("photos"));
    for (int i = 13; i <= 17; i++) Files.write(dir.resolve("cli-" + i + ".jpg"), TestImages.bytes(TestImages.all().get(i)));
    Files.write(dir.resolve("corrupt.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});

    BackfillProgress.Snapshot end = Backfill.backfill(TestGateway.config(dataDir, Map.of()), dir.toString(), "cli",
        out, true);

    assertThat(end.state()).isEqualTo(BackfillProgress.State.DONE);
    assertThat(end.indexed()).isEqualTo(5);
    assertThat(end.failed()).isEqualTo(1);
    assertThat(output()).contains("[" + "#".repeat(30) + "] 6/6 100.0%")
        .contains("done: 5 indexed, 0 skipped (name is not a postId), 1 failed; the store holds 5 posts");
  }

  @Test
  void badUsageExitsWith2AndSaysHow() {
    assertThat(Backfill.run(new String[0], out, false)).isEqualTo(2);
    assertThat(Backfill.run(new String[] {"a", "b"}, out, false)).isEqualTo(2);
    assertThat(Backfill.run(new String[] {"dir", "--space"}, out, false)).isEqualTo(2);
    assertThat(output()).contains("a directory is required").contains("unexpected argument b")
        .contains("--space needs a value").contains("usage: scripts/bayan backfill DIR");
  }

  @Test
  void aMissingDirectoryIsAClearError() {
    assertThatThrownBy(() -> Backfill.backfill(TestGateway.config(dataDir, Map.of()),
        dataDir.resolve("nope").toString(), null, out, false))
        .isInstanceOf(BadInput.class).hasMessageContaining("is not a directory");
  }
}
