package dev.bayan.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdSlotsTest {
  @Test
  void behavesLikeAMapUnderRandomPutsAndRemoves() {
    Random random = new Random(3);
    IdSlots table = new IdSlots();
    String[] ids = new String[5_000];
    Map<String, Integer> model = new HashMap<>();
    for (int step = 0; step < 200_000; step++) {
      int slot = random.nextInt(ids.length);
      if (ids[slot] == null) {
        String id = "post-" + random.nextInt(1_000_000);
        if (model.containsKey(id)) continue;
        ids[slot] = id;
        table.put(id, slot, ids);
        model.put(id, slot);
      } else {
        assertThat(table.remove(ids[slot], ids)).isEqualTo(slot);
        model.remove(ids[slot]);
        ids[slot] = null;
      }
      if (step % 1_000 == 0) {
        model.forEach((id, s) -> assertThat(table.get(id, ids)).isEqualTo(s));
        assertThat(table.get("absent", ids)).isEqualTo(-1);
        assertThat(table.size()).isEqualTo(model.size());
      }
    }
  }
}
