package dev.bayan.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionNamesTest {
  private static final String MILVUS_PARTITION_NAME = "[A-Za-z_][A-Za-z0-9_]{0,254}";

  @Test
  void plainNamesOnlyGainThePrefix() {
    assertThat(PartitionNames.of("cats")).isEqualTo("s_cats");
    assertThat(PartitionNames.of("Default42")).isEqualTo("s_Default42");
  }

  @Test
  void everythingElseIsEscapedIntoValidNames() {
    assertThat(PartitionNames.of("memes-ru")).isEqualTo("s_memes_2dru");
    assertThat(PartitionNames.of("a_b")).isEqualTo("s_a__b");
    assertThat(PartitionNames.of("é")).isEqualTo("s__c3_a9");
    for (String space : List.of("memes-ru", "a b", "кошки", "_default", "x__2d", "emoji 😀", "a/b.c")) {
      assertThat(PartitionNames.of(space)).matches(MILVUS_PARTITION_NAME);
    }
  }

  @Test
  void theMappingIsReversible() {
    for (String space : List.of("cats", "memes-ru", "a_b", "__", "_2d", "кошки_2", "emoji 😀", "a/b.c", "s_x")) {
      assertThat(PartitionNames.spaceOf(PartitionNames.of(space))).contains(space);
    }
  }

  @Test
  void partitionsThatAreNotOursMapToNoSpace() {
    assertThat(PartitionNames.spaceOf("_default")).isEmpty();
    assertThat(PartitionNames.spaceOf("s_")).isEmpty();
    assertThat(PartitionNames.spaceOf("s_a_zz")).isEmpty();
    assertThat(PartitionNames.spaceOf("s_a_")).isEmpty();
    assertThat(PartitionNames.spaceOf("s__41")).isEmpty(); // "A" is never escaped, so this is not canonical
  }

  @Test
  void spacesTooLongForAPartitionAreRefused() {
    assertThat(PartitionNames.of("a".repeat(253))).hasSize(255);
    assertThatThrownBy(() -> PartitionNames.of("a".repeat(254))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");
  }
}
