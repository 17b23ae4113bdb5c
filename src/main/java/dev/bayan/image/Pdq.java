package dev.bayan.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Meta's PDQ perceptual hash (256 bits plus a 0..100 quality), bit-exact with the reference
 * implementation on the same raster: luma, Jarosz tent-filter downsample to 64x64, the 16x16
 * low-frequency block of its DCT, each coefficient compared with their median.
 *
 * <p>Images go through the reference tool's input step first: one wider or taller than
 * {@value #INPUT_CAP} is resized nearest-neighbour to exactly {@value #INPUT_CAP} x
 * {@value #INPUT_CAP} (aspect ratio is irrelevant: PDQ squashes to 64x64 anyway). That keeps the
 * cost bounded (two 1 MiB float planes at most, about 5 ms) and our hashes equal to the C++ tool's
 * on the same pixels; hashing at full resolution lands up to 10 bits away from it.
 *
 * <p>Thread-safe: the only state is each thread's two reused working planes.
 */
public final class Pdq {
  /** Smaller images get the all-zero hash with quality 0, as in the reference. */
  public static final int MIN_DIMENSION = 5;
  /** Larger images are resized to this square before hashing, as the reference tool does. */
  public static final int INPUT_CAP = 512;
  private static final int SIDE = 64;
  private static final int LUMA = 0;
  private static final int SCRATCH = 1;
  /**
   * Each thread's two working planes (luma and the blur's scratch), reused for any size up to
   * {@value #INPUT_CAP} x {@value #INPUT_CAP}, so an image hashed at its own smaller size allocates none:
   * 2 MiB of fresh floats per check was a quarter of what the image stage allocated. Only the first
   * width x height values of a plane are used; neither outlives a call.
   */
  private static final ThreadLocal<float[][]> PLANES = ThreadLocal.withInitial(() -> new float[2][]);

  /** The hash of {@code image}. */
  public PdqHash hash(RgbImage image) {
    int width = capped(image) ? INPUT_CAP : image.width();
    int height = capped(image) ? INPUT_CAP : image.height();
    return hashLuma(Luma.of(image, width, height, plane(LUMA, width * height)), width, height, false);
  }

  /** The hashes of the image's 8 rotations and mirrors, in {@link Dihedral} order. */
  public List<PdqHash> dihedral(RgbImage image) {
    int width = capped(image) ? INPUT_CAP : image.width();
    int height = capped(image) ? INPUT_CAP : image.height();
    return dihedralLuma(Luma.of(image, width, height, plane(LUMA, width * height)), width, height, false);
  }

  private static float[] plane(int slot, int length) {
    float[][] planes = PLANES.get();
    if (planes[slot] == null || planes[slot].length < length) {
      planes[slot] = new float[Math.max(length, INPUT_CAP * INPUT_CAP)];
    }
    return planes[slot];
  }

  private static boolean capped(RgbImage image) {
    return image.width() > INPUT_CAP || image.height() > INPUT_CAP;
  }

  /**
   * The hash of a row-major luma plane (0..255 scale) at its own size: no {@link #INPUT_CAP}
   * resize, like the reference's hash-from-luma entry point. {@code luma} is left unchanged.
   */
  public PdqHash hashLuma(float[] luma, int width, int height) {
    return hashLuma(luma, width, height, true);
  }

  /** The 8 dihedral hashes of a row-major luma plane at its own size; {@code luma} is left unchanged. */
  public List<PdqHash> dihedralLuma(float[] luma, int width, int height) {
    return dihedralLuma(luma, width, height, true);
  }

  private PdqHash hashLuma(float[] luma, int width, int height, boolean copy) {
    Spectrum s = spectrum(luma, width, height, copy);
    return s == null ? empty() : new PdqHash(bits(s.coefficients), s.quality);
  }

  private List<PdqHash> dihedralLuma(float[] luma, int width, int height, boolean copy) {
    Spectrum s = spectrum(luma, width, height, copy);
    List<PdqHash> hashes = new ArrayList<>(Dihedral.values().length);
    for (Dihedral d : Dihedral.values()) {
      hashes.add(s == null ? empty() : new PdqHash(bits(d.apply(s.coefficients)), s.quality));
    }
    return List.copyOf(hashes);
  }

  private static PdqHash empty() {
    return new PdqHash(new byte[PdqHash.BYTES], 0);
  }

  private record Spectrum(float[] coefficients, int quality) {}

  /**
   * The 16x16 DCT coefficients and the quality, or null when the image is too small. A caller's plane
   * ({@code copy}) holds exactly width x height values; a working plane may be longer.
   */
  private static Spectrum spectrum(float[] luma, int width, int height, boolean copy) {
    int length = width * height;
    if (width < 1 || height < 1 || (copy ? luma.length != length : luma.length < length)) {
      throw new IllegalArgumentException("luma must hold width x height values");
    }
    if (width < MIN_DIMENSION || height < MIN_DIMENSION) return null;
    float[] block;
    if (width == SIDE && height == SIDE) {
      // already the downsample (the reference's shortcut for pre-scaled frames)
      block = Arrays.copyOf(luma, length);
    } else {
      float[] plane = luma;
      if (copy) System.arraycopy(luma, 0, plane = plane(LUMA, length), 0, length);
      block = JaroszDownsampler.downsample(plane, plane(SCRATCH, length), width, height, SIDE);
    }
    return new Spectrum(PdqDct.transform(block), quality(block));
  }

  /**
   * Sum of the clearly visible steps between neighbours of the 64x64 downsample, scaled so that
   * 100 means "plenty of structure". Low values mark flat or blank images, whose bits are noise.
   */
  static int quality(float[] block) {
    int gradients = 0;
    for (int i = 0; i < SIDE - 1; i++) {
      for (int j = 0; j < SIDE; j++) gradients += step(block[i * SIDE + j], block[(i + 1) * SIDE + j]);
    }
    for (int i = 0; i < SIDE; i++) {
      for (int j = 0; j < SIDE - 1; j++) gradients += step(block[i * SIDE + j], block[i * SIDE + j + 1]);
    }
    return Math.min(100, gradients / 90);
  }

  /** A neighbour difference in percent of full scale, truncated like the reference's int cast. */
  private static int step(float u, float v) {
    return Math.abs((int) (((u - v) * 100) / 255));
  }

  /** Bit k is set when coefficient k (row-major) exceeds the median. */
  static byte[] bits(float[] coefficients) {
    float median = median(coefficients);
    byte[] bits = new byte[PdqHash.BYTES];
    for (int k = 0; k < coefficients.length; k++) {
      if (coefficients[k] > median) bits[PdqHash.BYTES - 1 - (k >> 3)] |= (byte) (1 << (k & 7));
    }
    return bits;
  }

  /** The 128th smallest of the 256 values: the value Torben's median method picks for an even count. */
  static float median(float[] values) {
    float[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(sorted.length + 1) / 2 - 1];
  }
}
