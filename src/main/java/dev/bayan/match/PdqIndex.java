package dev.bayan.match;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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
 * the neighbourhoods grow past the size of a scan, and the index scans. An index of fewer than
 * {@value #SCAN_BELOW} distinct hashes scans too (see there).
 *
 * <p>An entry is a distinct hash with the posts that have it, kept in id order: a hash indexed for many
 * posts (a viral image reposted thousands of times) is checked once per search, and only as many of its
 * posts are read as the limit takes. So reposts do not slow searches down: with 300 hashes held by 1,000
 * posts each, a check's 8 searches take 0.048 ms (0.025 with one post a hash; 1.9 ms with an entry a post).
 *
 * <p>Memory: a distinct hash is 4 longs, 16 ints in buckets and an int array of its posts; a post is
 * its id, a space code and its hash's number. Thread-safe: searches share a read lock,
 * {@link #add}/{@link #remove} take the write lock briefly.
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
  /**
   * Below this many distinct hashes a search scans them instead: the 272 bucket probes of radius 31 land
   * on a 4 MB table, and under load (the image workers sweep the caches) each is a miss to memory. With
   * 32 MB swept between searches, a search of 300 hashes took 6.5-9.5 us scanned against 15-20 probed (1 us
   * either way warm); of 1,000, 13 against 18 (3 against 1 warm); at 10,000 the scan lost both ways.
   */
  static final int SCAN_BELOW = 1024;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final int scanBelow;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  /** buckets[chunk][value] = {count, hash, hash, ...} (distinct hashes by number), or null when empty. */
  private final int[][][] buckets = new int[CHUNKS][CHUNK_VALUES][];
  /** Per distinct hash: its 4 words, and {count, post, post, ...} in id order (null: a free number). */
  private long[] hashes = new long[WORDS * 1024];
  private int[][] postsOf = new int[1024][];
  private final Slots hashSlots = new Slots();
  /** Per post: its id (null: a free slot), space code and hash number. */
  private String[] ids = new String[1024];
  private int[] spaceOf = new int[1024];
  private int[] hashOf = new int[1024];
  private final Slots postSlots = new Slots();
  private final IdSlots slotById = new IdSlots();
  private final Map<String, Integer> spaceCodes = new HashMap<>();
  private final List<String> spaceNames = new ArrayList<>();

  public PdqIndex() {
    this(SCAN_BELOW);
  }

  /** Tests pass 0 to have small indexes probe the buckets as large ones do. */
  PdqIndex(int scanBelow) {
    this.scanBelow = scanBelow;
  }

  /** Adds a hash for post {@code id}, replacing any hash the id had. */
  public void add(String id, String space, byte[] hash) {
    if (id == null || space == null) throw new IllegalArgumentException("id and space are required");
    checkHash(hash);
    long[] words = words(hash);
    lock.writeLock().lock();
    try {
      removeLocked(id);
      int post = postSlots.take();
      if (post == ids.length) growPosts();
      ids[post] = id;
      spaceOf[post] = spaceCodes.computeIfAbsent(space, s -> {
        spaceNames.add(s);
        return spaceNames.size() - 1;
      });
      slotById.put(id, post, ids);
      int h = find(words);
      if (h < 0) h = newHash(words);
      hashOf[post] = h;
      insertInIdOrder(h, post);
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
    long[] query = words(hash);
    lock.readLock().lock();
    try {
      boolean[] wanted = new boolean[spaceNames.size()];
      boolean any = false;
      for (String space : spaces) {
        Integer code = spaceCodes.get(space);
        if (code != null) any = wanted[code] = true;
      }
      if (!any) return List.of();
      Hits hits = new Hits();
      int probeBits = radius / CHUNKS;
      if (probeBits > MAX_PROBE_BITS || hashSlots.used < scanBelow) scan(query, radius, hits);
      else probe(query, radius, probeBits, hits);
      return posts(hits, wanted, limit);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The distinct hashes within {@code radius} of {@code query} and their distances. */
  private static final class Hits {
    long[] packed = new long[16]; // distance << 32 | hash number: sorts nearest first
    int count;

    void add(int distance, int h) {
      if (count == packed.length) packed = Arrays.copyOf(packed, count * 2);
      packed[count++] = (long) distance << 32 | h;
    }
  }

  private void probe(long[] query, int radius, int probeBits, Hits out) {
    int[] candidates = new int[64];
    for (int c = 0; c < CHUNKS; c++) {
      int[][] table = buckets[c];
      int value = chunk(query, 0, c);
      // a first pass only counts: its loads of the buckets are independent, so their misses overlap
      int total = 0;
      for (int mask : PROBE_MASKS[probeBits]) {
        int[] bucket = table[value ^ mask];
        if (bucket != null) total += bucket[0];
      }
      if (total > candidates.length) candidates = new int[Math.max(total, 2 * candidates.length)];
      int count = 0;
      for (int mask : PROBE_MASKS[probeBits]) {
        int[] bucket = table[value ^ mask];
        if (bucket == null) continue;
        System.arraycopy(bucket, 1, candidates, count, bucket[0]);
        count += bucket[0];
      }
      // a flat loop over the gathered hashes: independent iterations let the CPU overlap the cache
      // misses on the hash array, which dominate the cost
      for (int i = 0; i < count; i++) {
        int h = candidates[i];
        int d = distance(query, h);
        // a hash sits in one bucket per chunk, so it is seen once per chunk within probeBits:
        // report it only from the first such chunk
        if (d <= radius && !closeInEarlierChunk(query, h, c, probeBits)) out.add(d, h);
      }
    }
  }

  private void scan(long[] query, int radius, Hits out) {
    for (int h = 0; h < hashSlots.used; h++) {
      if (postsOf[h] == null) continue;
      int d = distance(query, h);
      if (d <= radius) out.add(d, h);
    }
  }

  /**
   * The posts of the hits in the wanted spaces, nearest first and by id among equal distances, at most
   * {@code limit}: the hits of one distance are merged by their posts' ids, each read only as far as needed.
   */
  private List<HashMatch> posts(Hits hits, boolean[] wanted, int limit) {
    Arrays.sort(hits.packed, 0, hits.count);
    List<HashMatch> out = new ArrayList<>();
    for (int from = 0; from < hits.count && out.size() < limit;) {
      int distance = (int) (hits.packed[from] >>> 32);
      int to = from;
      while (to < hits.count && (int) (hits.packed[to] >>> 32) == distance) to++;
      int[] at = new int[to - from]; // each hit's next post to read
      while (out.size() < limit) {
        int next = -1; // the hit whose next post has the smallest id
        String nextId = null;
        for (int k = 0; k < at.length; k++) {
          int[] posts = postsOf[(int) hits.packed[from + k]];
          while (at[k] < posts[0] && !wanted[spaceOf[posts[1 + at[k]]]]) at[k]++;
          if (at[k] == posts[0]) continue;
          String id = ids[posts[1 + at[k]]];
          if (nextId == null || id.compareTo(nextId) < 0) {
            next = k;
            nextId = id;
          }
        }
        if (next < 0) break;
        int post = postsOf[(int) hits.packed[from + next]][1 + at[next]++];
        out.add(new HashMatch(nextId, spaceNames.get(spaceOf[post]), distance));
      }
      from = to;
    }
    return out;
  }

  private boolean closeInEarlierChunk(long[] query, int h, int chunk, int probeBits) {
    for (int c = 0; c < chunk; c++) {
      if (Integer.bitCount(chunk(query, 0, c) ^ chunk(hashes, h * WORDS, c)) <= probeBits) return true;
    }
    return false;
  }

  private int distance(long[] query, int h) {
    int base = h * WORDS;
    return Long.bitCount(query[0] ^ hashes[base]) + Long.bitCount(query[1] ^ hashes[base + 1])
        + Long.bitCount(query[2] ^ hashes[base + 2]) + Long.bitCount(query[3] ^ hashes[base + 3]);
  }

  /** Chunk {@code c} (16 bits) of the hash stored at {@code words[offset..offset+3]}. */
  private static int chunk(long[] words, int offset, int c) {
    return (int) (words[offset + (c >> 2)] >>> ((c & 3) * 16)) & 0xFFFF;
  }

  private static long[] words(byte[] hash) {
    long[] words = new long[WORDS];
    for (int w = 0; w < WORDS; w++) words[w] = (long) LONGS.get(hash, w * Long.BYTES);
    return words;
  }

  /** The number of the distinct hash equal to {@code words}, or -1: looked up in its chunk-0 bucket. */
  private int find(long[] words) {
    int[] bucket = buckets[0][chunk(words, 0, 0)];
    if (bucket == null) return -1;
    for (int i = 1; i <= bucket[0]; i++) {
      int base = bucket[i] * WORDS;
      if (hashes[base] == words[0] && hashes[base + 1] == words[1] && hashes[base + 2] == words[2]
          && hashes[base + 3] == words[3]) {
        return bucket[i];
      }
    }
    return -1;
  }

  private int newHash(long[] words) {
    int h = hashSlots.take();
    if (h == postsOf.length) {
      int capacity = postsOf.length + (postsOf.length >> 1);
      postsOf = Arrays.copyOf(postsOf, capacity);
      hashes = Arrays.copyOf(hashes, capacity * WORDS);
    }
    System.arraycopy(words, 0, hashes, h * WORDS, WORDS);
    postsOf[h] = new int[3];
    for (int c = 0; c < CHUNKS; c++) addToBucket(c, chunk(hashes, h * WORDS, c), h);
    return h;
  }

  /** Puts {@code post} among its hash's posts, which stay in id order. */
  private void insertInIdOrder(int h, int post) {
    int[] posts = postsOf[h];
    int count = posts[0];
    if (count + 1 == posts.length) posts = postsOf[h] = Arrays.copyOf(posts, posts.length + (posts.length >> 1) + 1);
    int at = positionOf(posts, ids[post]);
    System.arraycopy(posts, 1 + at, posts, 2 + at, count - at);
    posts[1 + at] = post;
    posts[0] = count + 1;
  }

  /** Where {@code id} is, or would go, among the posts (a binary search by id). */
  private int positionOf(int[] posts, String id) {
    int low = 0;
    int high = posts[0];
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (ids[posts[1 + mid]].compareTo(id) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private boolean removeLocked(String id) {
    int post = slotById.remove(id, ids);
    if (post < 0) return false;
    int h = hashOf[post];
    int[] posts = postsOf[h];
    int at = positionOf(posts, id);
    System.arraycopy(posts, 2 + at, posts, 1 + at, posts[0] - at - 1);
    posts[0]--;
    if (posts[0] == 0) { // the hash's last post: the hash leaves the buckets
      for (int c = 0; c < CHUNKS; c++) removeFromBucket(c, chunk(hashes, h * WORDS, c), h);
      postsOf[h] = null;
      hashSlots.free(h);
    }
    ids[post] = null;
    postSlots.free(post);
    return true;
  }

  private void growPosts() {
    int capacity = ids.length + (ids.length >> 1);
    ids = Arrays.copyOf(ids, capacity);
    spaceOf = Arrays.copyOf(spaceOf, capacity);
    hashOf = Arrays.copyOf(hashOf, capacity);
  }

  /** Numbers handed out from 0 up, freed ones reused first. */
  private static final class Slots {
    int used; // high-water mark; freed numbers below it are on the free list
    private int[] free = new int[16];
    private int freeCount;

    int take() {
      return freeCount > 0 ? free[--freeCount] : used++;
    }

    void free(int slot) {
      if (freeCount == free.length) free = Arrays.copyOf(free, freeCount * 2);
      free[freeCount++] = slot;
    }
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
