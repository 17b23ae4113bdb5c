package dev.bayan.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bayan.match.MilvusDoubleCollection.Hits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The double's blocked scan against a plain scalar scan: same hits, same scores, any nq and size. */
class BlockedVectorsTest {
  private static final int DIM = 37; // not a multiple of any SIMD width

  @Test
  void everyQueryCountAndSizeMatchesAScalarScan() {
    Random random = new Random(3);
    for (int size : new int[] {1, BlockedVectors.HEIGHT - 1, BlockedVectors.HEIGHT, 1000}) {
      BlockedVectors store = new BlockedVectors(DIM);
      List<float[]> rows = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        rows.add(vector(random));
        assertThat(store.append(rows.get(i))).isEqualTo(i);
      }
      boolean[] eligible = new boolean[size];
      for (int i = 0; i < size; i++) eligible[i] = i % 7 != 3;
      for (int nq : new int[] {1, 3, 4, 5, 9}) {
        float[][] queries = IntStream.range(0, nq).mapToObj(q -> vector(random)).toArray(float[][]::new);
        List<Hits> hits = store.search(queries, 5, eligible);
        for (int q = 0; q < nq; q++) assertSameAsScalar(hits.get(q), queries[q], rows, eligible, 5);
      }
    }
  }

  @Test
  void removingMovesTheLastRowIntoTheHole() {
    Random random = new Random(5);
    BlockedVectors store = new BlockedVectors(DIM);
    float[][] written = new float[40][];
    for (int i = 0; i < written.length; i++) {
      written[i] = vector(random);
      store.append(written[i]);
    }
    store.removeByMovingLast(7);
    assertThat(store.size()).isEqualTo(39);
    assertThat(store.vector(7)).containsExactly(written[39]);
    assertThat(store.vector(6)).containsExactly(written[6]);
    boolean[] all = new boolean[39];
    Arrays.fill(all, true);
    Hits hits = store.search(new float[][] {written[39]}, 1, all).get(0);
    assertThat(hits.slots()).containsExactly(7); // the moved row is found at its new slot, the old one is gone
    Hits none = store.search(new float[][] {written[7]}, 39, all).get(0);
    assertThat(none.slots()).hasSize(39).doesNotContain(39);
  }

  private static void assertSameAsScalar(Hits hits, float[] query, List<float[]> rows, boolean[] eligible, int k) {
    List<Integer> expected = IntStream.range(0, rows.size()).filter(i -> eligible[i]).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -dot(query, rows.get(i)))).limit(k).toList();
    assertThat(hits.slots()).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(hits.scores()[i]).isCloseTo(dot(query, rows.get(expected.get(i))), within(1e-4f));
      assertThat(hits.slots()[i]).isEqualTo(expected.get(i));
    }
  }

  private static float dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) sum += (double) a[i] * b[i];
    return (float) sum;
  }

  private static float[] vector(Random random) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) v[i] = (float) random.nextGaussian();
    return v;
  }
}
