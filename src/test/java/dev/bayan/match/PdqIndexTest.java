package dev.bayan.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PdqIndexTest {
  private static final int RANDOM_ENTRIES = 50_000;
  private static final int QUERIES = 40;
  private static final List<String> BOTH = List.of("a", "b");

  /** The shared 50k-entry index and, for the brute-force oracle, every entry it holds. */
  private static PdqIndex index;
  private static final Map<String, byte[]> hashes = new HashMap<>();
  private static final Map<String, String> spaces = new HashMap<>();
  private static final List<byte[]> queries = new ArrayList<>();

  @BeforeAll
  static void build() {
    Random random = new Random(42);
    index = new PdqIndex();
    for (int i = 0; i < RANDOM_ENTRIES; i++) put("r" + i, random.nextBoolean() ? "a" : "b", randomHash(random));
    for (int q = 0; q < QUERIES; q++) {
      byte[] query = randomHash(random);
      queries.add(query);
      // near copies at every distance 0..33, bits anywhere
      for (int d = 0; d <= 33; d++) put("q" + q + "-any" + d, q % 2 == 0 ? "a" : "b", flipRandomBits(query, d, random));
      // the pigeonhole's worst case: bits spread over the 16 aligned 16-bit pieces, so at 31 only
      // one piece is within 1 bit, and at 32 none is
      for (int d = 16; d <= 33; d++) put("q" + q + "-spread" + d, q % 2 == 0 ? "b" : "a", flipSpread(query, d, random));
    }
  }

  @Test
  void radius31FindsExactlyWhatABruteForceScanFinds() {
    for (byte[] query : queries) {
      List<HashMatch> found = index.search(query, BOTH, 31, Integer.MAX_VALUE);

      assertThat(found).containsExactlyElementsOf(bruteForce(hashes, spaces, query, BOTH, 31));
      assertThat(found).extracting(HashMatch::distance).contains(0, 15, 31).allMatch(d -> d <= 31);
      assertThat(found).extracting(HashMatch::id).anyMatch(id -> id.endsWith("-spread31"))
          .noneMatch(id -> id.endsWith("-spread32") || id.endsWith("-any32"));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 47, 63, 64, 70})
  void otherRadiiAgreeWithBruteForceToo(int radius) {
    for (byte[] query : queries.subList(0, 10)) {
      assertThat(index.search(query, BOTH, radius, Integer.MAX_VALUE))
          .containsExactlyElementsOf(bruteForce(hashes, spaces, query, BOTH, radius));
    }
  }

  @Test
  void spacesFilterAndLimitKeepTheBest() {
    byte[] query = queries.get(1); // its "any" copies are in space b, its spread copies in a
    List<HashMatch> inA = index.search(query, List.of("a"), 31, Integer.MAX_VALUE);
    List<HashMatch> best3 = index.search(query, BOTH, 31, 3);

    assertThat(inA).isNotEmpty().containsExactlyElementsOf(bruteForce(hashes, spaces, query, List.of("a"), 31));
    assertThat(inA).extracting(HashMatch::space).containsOnly("a");
    assertThat(best3).containsExactlyElementsOf(bruteForce(hashes, spaces, query, BOTH, 31).subList(0, 3));
    assertThat(best3.getFirst()).isEqualTo(new HashMatch("q1-any0", "b", 0));
    assertThat(index.search(query, List.of("nowhere"), 31, 10)).isEmpty();
    assertThatThrownBy(() -> index.search(query, List.of(), 31, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Small indexes are scanned; 0 makes them probe their buckets as large ones do. */
  @ParameterizedTest
  @ValueSource(ints = {0, PdqIndex.SCAN_BELOW})
  void removeAndReplace(int scanBelow) {
    Random random = new Random(5);
    PdqIndex small = new PdqIndex(scanBelow);
    byte[] first = randomHash(random);
    byte[] second = randomHash(random);
    for (int i = 0; i < 100; i++) small.add("x" + i, "s", flipRandomBits(first, i % 20, random));
    small.add("y", "s", first);

    assertThat(small.size()).isEqualTo(101);
    assertThat(small.remove("y")).isTrue();
    assertThat(small.remove("y")).isFalse();
    assertThat(small.remove("never")).isFalse();
    assertThat(small.size()).isEqualTo(100);
    assertThat(small.search(first, List.of("s"), 31, 1000)).hasSize(100).extracting(HashMatch::id).doesNotContain("y");

    small.add("x3", "t", second); // replaces x3's hash and space
    assertThat(small.size()).isEqualTo(100);
    assertThat(small.search(first, List.of("s", "t"), 31, 1000)).extracting(HashMatch::id).doesNotContain("x3");
    assertThat(small.search(second, List.of("s", "t"), 0, 10)).containsExactly(new HashMatch("x3", "t", 0));

    for (int i = 0; i < 100; i++) small.remove("x" + i);
    assertThat(small.size()).isZero();
    assertThat(small.search(first, List.of("s", "t"), 256, 10)).isEmpty();
    small.add("z", "s", first); // reuses a freed slot
    assertThat(small.search(first, List.of("s"), 31, 10)).containsExactly(new HashMatch("z", "s", 0));
  }

  @Test
  void searchesRunWhileOtherThreadsAddAndRemove() throws InterruptedException {
    Random random = new Random(9);
    PdqIndex shared = new PdqIndex();
    byte[] anchor = randomHash(random);
    shared.add("anchor", "s", anchor);
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      int writer = w;
      threads.add(Thread.ofPlatform().start(() -> {
        Random r = new Random(writer);
        for (int i = 0; i < 20_000; i++) {
          shared.add("w" + writer + "-" + i, "s", randomHash(r));
          if (i % 3 == 0) shared.remove("w" + writer + "-" + (i / 2));
        }
      }));
    }
    for (int s = 0; s < 2; s++) {
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < 2_000; i++) {
          List<HashMatch> found = shared.search(anchor, List.of("s"), 31, 5);
          if (!found.equals(List.of(new HashMatch("anchor", "s", 0)))) problems.add(found.toString());
        }
      }));
    }
    for (Thread t : threads) t.join();

    assertThat(problems).isEmpty();
    assertThat(shared.size()).isEqualTo(1 + 2 * (20_000 - 6_667));
  }

  /**
   * Hashes held by many posts (reposts of one image) in two spaces, some posts removed and some moved to
   * another hash: every search, limited or not, gives the brute-force scan's answer, nearest first and by id.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, PdqIndex.SCAN_BELOW})
  void hashesHeldByManyPostsGiveTheBruteForceAnswerAtAnyLimit(int scanBelow) {
    Random random = new Random(13);
    PdqIndex hot = new PdqIndex(scanBelow);
    Map<String, byte[]> held = new HashMap<>();
    Map<String, String> spaceOfPost = new HashMap<>();
    byte[] viral = randomHash(random);
    byte[][] hashesUsed = {viral, flipRandomBits(viral, 3, random), flipRandomBits(viral, 20, random),
        randomHash(random)};
    for (int i = 0; i < 3_000; i++) {
      String id = "p" + random.nextInt(100_000); // ids out of order, some added twice (a replace)
      byte[] hash = hashesUsed[random.nextInt(hashesUsed.length)];
      String space = random.nextInt(3) == 0 ? "b" : "a";
      hot.add(id, space, hash);
      held.put(id, hash);
      spaceOfPost.put(id, space);
    }
    List<String> posts = new ArrayList<>(held.keySet());
    for (int i = 0; i < posts.size(); i += 3) { // a third removed, from anywhere in each hash's list
      assertThat(hot.remove(posts.get(i))).isTrue();
      held.remove(posts.get(i));
    }
    assertThat(hot.size()).isEqualTo(held.size());
    for (byte[] query : List.of(viral, flipRandomBits(viral, 2, random), hashesUsed[3])) {
      for (List<String> wanted : List.of(BOTH, List.of("b"))) {
        List<HashMatch> all = bruteForce(held, spaceOfPost, query, wanted, 31);
        assertThat(all).hasSizeGreaterThan(100);
        assertThat(hot.search(query, wanted, 31, Integer.MAX_VALUE)).containsExactlyElementsOf(all);
        for (int limit : new int[] {1, 7, 50}) {
          assertThat(hot.search(query, wanted, 31, limit)).containsExactlyElementsOf(all.subList(0, limit));
        }
        assertThat(hot.search(query, wanted, 70, 50)) // the scan, past the buckets' radius
            .containsExactlyElementsOf(bruteForce(held, spaceOfPost, query, wanted, 70).subList(0, 50));
      }
    }
  }

  @Test
  void rejectsMalformedHashes() {
    assertThatThrownBy(() -> index.search(new byte[31], BOTH, 31, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PdqIndex().add("x", "s", new byte[33])).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- oracle and generators

  private static void put(String id, String space, byte[] hash) {
    index.add(id, space, hash);
    hashes.put(id, hash);
    spaces.put(id, space);
  }

  private static List<HashMatch> bruteForce(Map<String, byte[]> hashes, Map<String, String> spaces, byte[] query,
                                            List<String> wanted, int radius) {
    Set<String> wantedSet = Set.copyOf(wanted);
    BigInteger q = new BigInteger(1, query);
    List<HashMatch> out = new ArrayList<>();
    hashes.forEach((id, h) -> {
      int d = q.xor(new BigInteger(1, h)).bitCount();
      if (d <= radius && wantedSet.contains(spaces.get(id))) out.add(new HashMatch(id, spaces.get(id), d));
    });
    out.sort(Comparator.comparingInt(HashMatch::distance).thenComparing(HashMatch::id));
    return out;
  }

  private static byte[] randomHash(Random random) {
    byte[] h = new byte[32];
    random.nextBytes(h);
    return h;
  }

  private static byte[] flipRandomBits(byte[] hash, int count, Random random) {
    byte[] out = hash.clone();
    List<Integer> bits = new ArrayList<>();
    for (int i = 0; i < 256; i++) bits.add(i);
    java.util.Collections.shuffle(bits, random);
    for (int bit : bits.subList(0, count)) out[bit >> 3] ^= (byte) (1 << (bit & 7));
    return out;
  }

  /** Flips {@code count} (16..48) bits, as evenly as possible over the 16 two-byte pieces. */
  private static byte[] flipSpread(byte[] hash, int count, Random random) {
    byte[] out = hash.clone();
    for (int piece = 0; piece < 16; piece++) {
      int inPiece = count / 16 + (piece < count % 16 ? 1 : 0);
      List<Integer> bits = new ArrayList<>();
      for (int i = 0; i < 16; i++) bits.add(piece * 16 + i);
      java.util.Collections.shuffle(bits, random);
      for (int bit : bits.subList(0, inPiece)) out[bit >> 3] ^= (byte) (1 << (bit & 7));
    }
    return out;
  }
}
