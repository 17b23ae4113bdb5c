package dev.bayan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlaggedThumbnailsTest {
  @Test
  void keepsTheMostRecentlyUsedUpToItsCapacity() {
    FlaggedThumbnails thumbnails = new FlaggedThumbnails(2);
    thumbnails.put("a", new byte[] {1});
    thumbnails.put("b", new byte[] {2});
    assertThat(thumbnails.get("a")).containsExactly(1); // a is now the most recently used
    thumbnails.put("c", new byte[] {3});
    assertThat(thumbnails.get("b")).isNull();
    assertThat(thumbnails.get("a")).containsExactly(1);
    assertThat(thumbnails.get("c")).containsExactly(3);
  }
}
