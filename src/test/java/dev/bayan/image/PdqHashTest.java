package dev.bayan.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PdqHashTest {
  private static final String BRIDGE = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";
  private static final String SHARPENED = "d0f8f0cec0f4a84f0e370a22238f67f0b36a2ef596231e1d73e6a39c4e9c9b22";

  @Test
  void hexRoundTripsInLowerCase() {
    assertThat(PdqHash.fromHex(BRIDGE.toUpperCase(), 100).hex()).isEqualTo(BRIDGE);
  }

  @Test
  void bitZeroIsTheLowBitOfTheLastHexDigitAsInTheReference() {
    PdqHash low = PdqHash.fromHex("0".repeat(63) + "1", 50);
    PdqHash high = PdqHash.fromHex("8" + "0".repeat(63), 50);

    assertThat(low.bit(0)).isTrue();
    assertThat(low.bit(1)).isFalse();
    assertThat(high.bit(255)).isTrue();
    assertThat(high.bits()[0]).isEqualTo((byte) 0x80);
  }

  @Test
  void distanceCountsDifferingBits() {
    int expected = new BigInteger(BRIDGE, 16).xor(new BigInteger(SHARPENED, 16)).bitCount();

    assertThat(PdqHash.fromHex(BRIDGE, 100).distance(PdqHash.fromHex(SHARPENED, 100))).isEqualTo(expected).isEqualTo(14);
    assertThat(PdqHash.fromHex(BRIDGE, 100).distance(PdqHash.fromHex(BRIDGE, 3))).isZero();
  }

  @Test
  void distanceMatchesBigIntegerOnRandomHashes() {
    Random random = new Random(11);
    for (int i = 0; i < 200; i++) {
      byte[] a = new byte[32];
      byte[] b = new byte[32];
      random.nextBytes(a);
      random.nextBytes(b);
      int expected = new BigInteger(1, a).xor(new BigInteger(1, b)).bitCount();
      assertThat(new PdqHash(a, 0).distance(new PdqHash(b, 0))).isEqualTo(expected);
    }
  }

  @Test
  void isImmutableAndComparedByValue() {
    byte[] bits = PdqHash.fromHex(BRIDGE, 100).bits();
    PdqHash hash = new PdqHash(bits, 100);
    bits[0] = 0;
    hash.bits()[1] = 0;

    assertThat(hash.hex()).isEqualTo(BRIDGE);
    assertThat(hash).isEqualTo(PdqHash.fromHex(BRIDGE, 100)).hasSameHashCodeAs(PdqHash.fromHex(BRIDGE, 100));
    assertThat(hash).isNotEqualTo(PdqHash.fromHex(BRIDGE, 99));
  }

  @Test
  void rejectsMalformedInput() {
    assertThatThrownBy(() -> PdqHash.fromHex(BRIDGE.substring(1), 100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PdqHash.fromHex("z" + BRIDGE.substring(1), 100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PdqHash(new byte[31], 100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PdqHash(new byte[32], 101)).isInstanceOf(IllegalArgumentException.class);
  }
}
