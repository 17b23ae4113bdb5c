package dev.bayan.match;

import dev.bayan.match.MilvusDoubleCollection.Hits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The protocol double's vectors and its exact inner-product scan, laid out as a brute-force
 * engine would lay them out: rows in blocks of {@link #HEIGHT}, each block one array stored
 * dimension-major ({@code block[d * HEIGHT + r]}), so one SIMD load holds dimension d of
 * several rows and every score comes out in a lane, with no horizontal sums. A search of nq
 * vectors scores each block against four queries per pass while the block is in cache (a small
 * matrix product); a single query streams every block once. Slots are dense: removing a row
 * moves the last one into its place.
 */
final class BlockedVectors {
  private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
  /** Rows per block: two SIMD registers of one dimension. */
  static final int HEIGHT = 2 * LANES.length();
  /** Blocks scored against every query group before moving on: 8 x 16 rows x 576 floats = 295 KB, inside L2. */
  private static final int BLOCKS_PER_PASS = 8;

  private final int dim;
  private float[][] blocks = new float[0][];
  private int size;

  BlockedVectors(int dim) {
    this.dim = dim;
  }

  int size() {
    return size;
  }

  /** Appends a copy of the vector; returns its slot. */
  int append(float[] vector) {
    int block = size / HEIGHT;
    if (block == blocks.length) blocks = Arrays.copyOf(blocks, Math.max(4, blocks.length * 2));
    if (blocks[block] == null) blocks[block] = new float[HEIGHT * dim];
    write(size, vector);
    return size++;
  }

  /** Moves the last row into {@code slot} (the caller moves its metadata the same way); drops the last row. */
  void removeByMovingLast(int slot) {
    int last = --size;
    if (slot != last) write(slot, vector(last));
    write(last, new float[dim]); // a zero row scores 0 and is never offered (slot >= size)
  }

  float[] vector(int slot) {
    float[] block = blocks[slot / HEIGHT];
    int r = slot % HEIGHT;
    float[] v = new float[dim];
    for (int d = 0; d < dim; d++) v[d] = block[d * HEIGHT + r];
    return v;
  }

  private void write(int slot, float[] vector) {
    float[] block = blocks[slot / HEIGHT];
    int r = slot % HEIGHT;
    for (int d = 0; d < dim; d++) block[d * HEIGHT + r] = vector[d];
  }

  /** The {@code topk} best eligible slots of every query, best first. */
  List<Hits> search(float[][] queries, int topk, boolean[] eligible) {
    TopK[] best = new TopK[queries.length];
    for (int q = 0; q < queries.length; q++) best[q] = new TopK(topk);
    float[] scores = new float[4 * HEIGHT];
    float[][] groups = new float[queries.length / 4][];
    for (int g = 0; g < groups.length; g++) groups[g] = interleave4(queries, 4 * g);
    int blockCount = (size + HEIGHT - 1) / HEIGHT;
    for (int first = 0; first < blockCount; first += BLOCKS_PER_PASS) {
      int end = Math.min(blockCount, first + BLOCKS_PER_PASS);
      int q = 0;
      for (; q + 3 < queries.length; q += 4) {
        for (int b = first; b < end; b++) {
          score4(blocks[b], groups[q / 4], scores);
          for (int j = 0; j < 4; j++) offer(best[q + j], b, scores, j * HEIGHT, eligible);
        }
      }
      for (; q < queries.length; q++) {
        for (int b = first; b < end; b++) {
          score1(blocks[b], queries[q], scores);
          offer(best[q], b, scores, 0, eligible);
        }
      }
    }
    List<Hits> out = new ArrayList<>(queries.length);
    for (TopK top : best) out.add(top.sorted());
    return out;
  }

  /** Offers one block's scores of one query; a SIMD compare skips blocks with nothing above the k-th best so far. */
  private void offer(TopK top, int block, float[] scores, int offset, boolean[] eligible) {
    float floor = top.floor();
    int half = LANES.length();
    if (!FloatVector.fromArray(LANES, scores, offset).compare(VectorOperators.GT, floor)
        .or(FloatVector.fromArray(LANES, scores, offset + half).compare(VectorOperators.GT, floor)).anyTrue()) {
      return;
    }
    int base = block * HEIGHT;
    int rows = Math.min(HEIGHT, size - base);
    for (int r = 0; r < rows; r++) {
      if (eligible[base + r]) top.offer(base + r, scores[offset + r]);
    }
  }

  /**
   * One block against four queries, given interleaved ({@code q4[d * 4 + j]} is dimension d of
   * query j): eight accumulators, each row load shared by four multiply-adds.
   */
  private void score4(float[] block, float[] q4, float[] out) {
    FloatVector a0 = FloatVector.zero(LANES), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0;
    int half = LANES.length();
    for (int d = 0; d < dim; d++) {
      FloatVector x = FloatVector.fromArray(LANES, block, d * HEIGHT);
      FloatVector y = FloatVector.fromArray(LANES, block, d * HEIGHT + half);
      FloatVector s = FloatVector.broadcast(LANES, q4[4 * d]);
      a0 = s.fma(x, a0);
      b0 = s.fma(y, b0);
      s = FloatVector.broadcast(LANES, q4[4 * d + 1]);
      a1 = s.fma(x, a1);
      b1 = s.fma(y, b1);
      s = FloatVector.broadcast(LANES, q4[4 * d + 2]);
      a2 = s.fma(x, a2);
      b2 = s.fma(y, b2);
      s = FloatVector.broadcast(LANES, q4[4 * d + 3]);
      a3 = s.fma(x, a3);
      b3 = s.fma(y, b3);
    }
    a0.intoArray(out, 0);
    b0.intoArray(out, half);
    a1.intoArray(out, HEIGHT);
    b1.intoArray(out, HEIGHT + half);
    a2.intoArray(out, 2 * HEIGHT);
    b2.intoArray(out, 2 * HEIGHT + half);
    a3.intoArray(out, 3 * HEIGHT);
    b3.intoArray(out, 3 * HEIGHT + half);
  }

  /** Queries q..q+3 interleaved dimension by dimension, for {@link #score4}. */
  private float[] interleave4(float[][] queries, int q) {
    float[] q4 = new float[4 * dim];
    for (int d = 0; d < dim; d++) {
      for (int j = 0; j < 4; j++) q4[4 * d + j] = queries[q + j][d];
    }
    return q4;
  }

  private void score1(float[] block, float[] q, float[] out) {
    FloatVector a = FloatVector.zero(LANES), b = a;
    int half = LANES.length();
    for (int d = 0; d < dim; d++) {
      FloatVector s = FloatVector.broadcast(LANES, q[d]);
      a = s.fma(FloatVector.fromArray(LANES, block, d * HEIGHT), a);
      b = s.fma(FloatVector.fromArray(LANES, block, d * HEIGHT + half), b);
    }
    a.intoArray(out, 0);
    b.intoArray(out, half);
  }

  /** A bounded min-heap of (score, slot). */
  private static final class TopK {
    private final int k;
    private final float[] scores;
    private final int[] slots;
    private int n;

    TopK(int k) {
      this.k = k;
      this.scores = new float[k];
      this.slots = new int[k];
    }

    /** Scores at or below this cannot enter. */
    float floor() {
      return n < k ? Float.NEGATIVE_INFINITY : scores[0];
    }

    void offer(int slot, float score) {
      if (n < k) {
        scores[n] = score;
        slots[n] = slot;
        siftUp(n++);
      } else if (score > scores[0]) {
        scores[0] = score;
        slots[0] = slot;
        siftDown(0);
      }
    }

    Hits sorted() {
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) order[i] = i;
      Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
      int[] s = new int[n];
      float[] f = new float[n];
      for (int i = 0; i < n; i++) {
        s[i] = slots[order[i]];
        f[i] = scores[order[i]];
      }
      return new Hits(s, f);
    }

    private void siftUp(int i) {
      while (i > 0) {
        int parent = (i - 1) / 2;
        if (scores[parent] <= scores[i]) return;
        swap(i, parent);
        i = parent;
      }
    }

    private void siftDown(int i) {
      while (true) {
        int l = 2 * i + 1;
        int r = l + 1;
        int min = i;
        if (l < n && scores[l] < scores[min]) min = l;
        if (r < n && scores[r] < scores[min]) min = r;
        if (min == i) return;
        swap(i, min);
        i = min;
      }
    }

    private void swap(int a, int b) {
      float fs = scores[a];
      scores[a] = scores[b];
      scores[b] = fs;
      int is = slots[a];
      slots[a] = slots[b];
      slots[b] = is;
    }
  }
}
