package dev.bayan.match;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * In-memory Hamming-radius search over 256-bit PDQ hashes by multi-index hashing (Norouzi, Punjani
 * and Fleet, CVPR 2012): the hash is cut into 16 chunks of 16 bits, and each chunk value has a
 * bucket of the entries holding it. Two hashes within distance {@code r} differ by at most
 * {@code floor(r / 16)} bits in at least one chunk (pigeonhole: otherwise every chunk differs by
 * more, 16 chunks summing past {@code r}), so a search visits, per chunk, the buckets of the
 * query's value and of its neighbours within that many bits, then checks the full distance.
 * At the usual PDQ radius (31) that is 17 buckets per chunk instead of a scan; from radius 64 on
 * the neighbourhoods grow past the size of a scan, and the index scans.
 *
 * <p>Memory: an entry is 4 longs, a space code, its id and 16 ints in buckets, with no boxed
 * objects; the 16 x 65536 bucket table itself costs 4 MiB. Thread-safe: searches share a read
 * lock, {@link #add}/{@link #remove} take the write lock briefly.
 */
public final class PdqIndex {
  private static final int HASH_BYTES = 32;
  private static final int WORDS = 4;
  private static final int CHUNKS = 16;
  private static final int CHUNK_VALUES = 1 << 16;
  /** Bucket probing up to 3 bits per chunk (697 buckets a chunk); wider radii scan. */
  private static final int MAX_PROBE_BITS = 3;
  /** For each bit budget b, every 16-bit mask with at most b bits set. */
  private static final int[][] PROBE_MASKS = probeMasks();
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  /** buckets[chunk][value] = {count, slot, slot, ...}, or null when empty. */
  private final int[][][] buckets = new int[CHUNKS][CHUNK_VALUES][];
  private long[] hashes = new long[WORDS * 1024];
  private int[] spaceOf = new int[1024];
  private String[] ids = new String[1024];
  private int slotsUsed; // high-water mark; freed slots below it are on the free list
  private int[] freeSlots = new int[16];
  private int freeCount;
  private final IdSlots slotById = new IdSlots();
  private final Map<String, Integer> spaceCodes = new HashMap<>();
  private final List<String> spaceNames = new ArrayList<>();

  /** Adds a hash for post {@code id}, replacing any hash the id had. */
  public void add(String id, String space, byte[] hash) {
    if (id == null || space == null) throw new IllegalArgumentException("id and space are required");
    checkHash(hash);
    lock.writeLock().lock();
    try {
      removeLocked(id);
      int slot = freeCount > 0 ? freeSlots[--freeCount] : newSlot();
      for (int w = 0; w < WORDS; w++) hashes[slot * WORDS + w] = (long) LONGS.get(hash, w * Long.BYTES);
      spaceOf[slot] = spaceCodes.computeIfAbsent(space, s -> {
        spaceNames.add(s);
        return spaceNames.size() - 1;
      });
      ids[slot] = id;
      slotById.put(id, slot, ids);
      for (int c = 0; c < CHUNKS; c++) addToBucket(c, chunk(hashes, slot * WORDS, c), slot);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes post {@code id}; returns whether it was indexed. */
  public boolean remove(String id) {
    lock.writeLock().lock();
    try {
      return removeLocked(id);
    } finally {
      lock.writeLock().unlock();
    }
  }

  public int size() {
    lock.readLock().lock();
    try {
      return slotById.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Entries of the given spaces within {@code radius} bits of {@code hash}, nearest first (ties by
   * id), at most {@code limit}.
   */
  public List<HashMatch> search(byte[] hash, Collection<String> spaces, int radius, int limit) {
    checkHash(hash);
    if (spaces == null || spaces.isEmpty()) throw new IllegalArgumentException("at least one space");
    if (radius < 0 || radius > 256) throw new IllegalArgumentException("radius must be 0..256");
    if (limit < 1) throw new IllegalArgumentException("limit must be positive");
    long[] query = new long[WORDS];
    for (int w = 0; w < WORDS; w++) query[w] = (long) LONGS.get(hash, w * Long.BYTES);
    lock.readLock().lock();
    try {
      boolean[] wanted = new boolean[spaceNames.size()];
      boolean any = false;
      for (String space : spaces) {
        Integer code = spaceCodes.get(space);
        if (code != null) any = wanted[code] = true;
      }
      if (!any) return List.of();
      List<HashMatch> matches = new ArrayList<>();
      int probeBits = radius / CHUNKS;
      if (probeBits > MAX_PROBE_BITS) scan(query, radius, wanted, matches);
      else probe(query, radius, probeBits, wanted, matches);
      matches.sort(Comparator.comparingInt(HashMatch::distance).thenComparing(HashMatch::id));
      return matches.size() > limit ? List.copyOf(matches.subList(0, limit)) : matches;
    } finally {
      lock.readLock().unlock();
    }
  }

  private void probe(long[] query, int radius, int probeBits, boolean[] wanted, List<HashMatch> out) {
    for (int c = 0; c < CHUNKS; c++) {
      int[] candidates = candidates(chunk(query, 0, c), c, probeBits);
      int count = candidates[0];
      // a flat loop over gathered slots: independent iterations let the CPU overlap the cache
      // misses on the hash array, which dominate the cost
      for (int i = 1; i <= count; i++) {
        int slot = candidates[i];
        int d = distance(query, slot);
        // an entry sits in one bucket per chunk, so it is seen once per chunk within probeBits:
        // report it only from the first such chunk
        if (d <= radius && wanted[spaceOf[slot]] && !closeInEarlierChunk(query, slot, c, probeBits)) {
          out.add(new HashMatch(ids[slot], spaceNames.get(spaceOf[slot]), d));
        }
      }
    }
  }

  /** The slots in chunk {@code c}'s buckets within {@code probeBits} of {@code value}, count first. */
  private int[] candidates(int value, int c, int probeBits) {
    int[][] table = buckets[c];
    int total = 0;
    for (int mask : PROBE_MASKS[probeBits]) {
      int[] bucket = table[value ^ mask];
      if (bucket != null) total += bucket[0];
    }
    int[] slots = new int[total + 1];
    for (int mask : PROBE_MASKS[probeBits]) {
      int[] bucket = table[value ^ mask];
      if (bucket == null) continue;
      System.arraycopy(bucket, 1, slots, slots[0] + 1, bucket[0]);
      slots[0] += bucket[0];
    }
    return slots;
  }

  private void scan(long[] query, int radius, boolean[] wanted, List<HashMatch> out) {
    for (int slot = 0; slot < slotsUsed; slot++) {
      if (ids[slot] == null) continue;
      int d = distance(query, slot);
      if (d <= radius && wanted[spaceOf[slot]]) out.add(new HashMatch(ids[slot], spaceNames.get(spaceOf[slot]), d));
    }
  }

  private boolean closeInEarlierChunk(long[] query, int slot, int chunk, int probeBits) {
    for (int c = 0; c < chunk; c++) {
      if (Integer.bitCount(chunk(query, 0, c) ^ chunk(hashes, slot * WORDS, c)) <= probeBits) return true;
    }
    return false;
  }

  private int distance(long[] query, int slot) {
    int base = slot * WORDS;
    return Long.bitCount(query[0] ^ hashes[base]) + Long.bitCount(query[1] ^ hashes[base + 1])
        + Long.bitCount(query[2] ^ hashes[base + 2]) + Long.bitCount(query[3] ^ hashes[base + 3]);
  }

  /** Chunk {@code c} (16 bits) of the hash stored at {@code words[offset..offset+3]}. */
  private static int chunk(long[] words, int offset, int c) {
    return (int) (words[offset + (c >> 2)] >>> ((c & 3) * 16)) & 0xFFFF;
  }

  private boolean removeLocked(String id) {
    int slot = slotById.remove(id, ids);
    if (slot < 0) return false;
    for (int c = 0; c < CHUNKS; c++) removeFromBucket(c, chunk(hashes, slot * WORDS, c), slot);
    ids[slot] = null;
    if (freeCount == freeSlots.length) freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
    freeSlots[freeCount++] = slot;
    return true;
  }

  private int newSlot() {
    if (slotsUsed == ids.length) {
      int capacity = ids.length + (ids.length >> 1);
      ids = Arrays.copyOf(ids, capacity);
      spaceOf = Arrays.copyOf(spaceOf, capacity);
      hashes = Arrays.copyOf(hashes, capacity * WORDS);
    }
    return slotsUsed++;
  }

  private void addToBucket(int c, int value, int slot) {
    int[] bucket = buckets[c][value];
    if (bucket == null) {
      bucket = buckets[c][value] = new int[4];
    } else if (bucket[0] + 1 == bucket.length) {
      bucket = buckets[c][value] = Arrays.copyOf(bucket, bucket.length + (bucket.length >> 1));
    }
    bucket[++bucket[0]] = slot;
  }

  private void removeFromBucket(int c, int value, int slot) {
    int[] bucket = buckets[c][value];
    int count = bucket[0];
    for (int i = 1; i <= count; i++) {
      if (bucket[i] == slot) {
        bucket[i] = bucket[count];
        bucket[0] = count - 1;
        break;
      }
    }
    if (bucket[0] == 0) buckets[c][value] = null;
  }

  private static void checkHash(byte[] hash) {
    if (hash == null || hash.length != HASH_BYTES) throw new IllegalArgumentException("a PDQ hash has 32 bytes");
  }

  private static int[][] probeMasks() {
    int[][] masks = new int[MAX_PROBE_BITS + 1][];
    for (int bits = 0; bits <= MAX_PROBE_BITS; bits++) {
      int max = bits;
      masks[bits] = java.util.stream.IntStream.range(0, CHUNK_VALUES).filter(m -> Integer.bitCount(m) <= max).toArray();
    }
    return masks;
  }
}
