package dev.bayan.image;

/** Inflates a PNG's image data, a zlib stream split over IDAT chunks of one file, into an exactly sized buffer. */
interface PngInflater {
  /**
   * Fills {@code out} with the first {@code out.length} bytes of the stream whose pieces are
   * {@code file[offsets[i] .. offsets[i] + lengths[i])}; false when the stream is damaged or ends sooner.
   */
  boolean inflate(byte[] file, int[] offsets, int[] lengths, int count, byte[] out);
}
