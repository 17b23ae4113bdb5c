package dev.bayan.match;

/**
 * Post id to slot number, without a boxed entry per id: an open-addressing table of
 * {@code slot + 1} (0 = empty) with linear probing, keyed by the ids the caller keeps in an array
 * indexed by slot. Not thread-safe; {@link PdqIndex} guards it.
 */
final class IdSlots {
  private int[] table = new int[16];
  private int shift = 32 - 4; // home() keeps the top log2(table.length) bits
  private int count;

  /** The slot of {@code id}, or -1. */
  int get(String id, String[] ids) {
    int mask = table.length - 1;
    for (int i = home(id); ; i = (i + 1) & mask) {
      int entry = table[i];
      if (entry == 0) return -1;
      if (ids[entry - 1].equals(id)) return entry - 1;
    }
  }

  /** Records {@code slot} for {@code id}, which must be absent and already stored at {@code ids[slot]}. */
  void put(String id, int slot, String[] ids) {
    if (2 * (count + 1) > table.length) rehash(table.length * 2, ids);
    insert(id, slot);
    count++;
  }

  /** Forgets {@code id} (still at its slot in {@code ids}); returns its slot, or -1. */
  int remove(String id, String[] ids) {
    int mask = table.length - 1;
    int hole = home(id);
    while (table[hole] != 0 && !ids[table[hole] - 1].equals(id)) hole = (hole + 1) & mask;
    if (table[hole] == 0) return -1;
    int slot = table[hole] - 1;
    table[hole] = 0;
    count--;
    // backward-shift deletion: pull later entries of the probe run into the hole when their home
    // is not between the hole and where they sit, so every lookup still finds its entry
    for (int i = (hole + 1) & mask; table[i] != 0; i = (i + 1) & mask) {
      int home = home(ids[table[i] - 1]);
      boolean reachable = hole <= i ? hole < home && home <= i : hole < home || home <= i;
      if (!reachable) {
        table[hole] = table[i];
        table[i] = 0;
        hole = i;
      }
    }
    return slot;
  }

  int size() {
    return count;
  }

  private void insert(String id, int slot) {
    int mask = table.length - 1;
    int i = home(id);
    while (table[i] != 0) i = (i + 1) & mask;
    table[i] = slot + 1;
  }

  private void rehash(int capacity, String[] ids) {
    int[] old = table;
    table = new int[capacity];
    shift = 32 - Integer.numberOfTrailingZeros(capacity);
    for (int entry : old) {
      if (entry != 0) insert(ids[entry - 1], entry - 1);
    }
  }

  /** Fibonacci hashing: the top bits of hash x golden ratio spread similar String hash codes. */
  private int home(String id) {
    return (id.hashCode() * 0x9E3779B9) >>> shift;
  }
}
