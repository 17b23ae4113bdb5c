package dev.bayan.image;

import java.util.List;

/**
 * Everything the later stages need from one upload, computed from a single decode.
 *
 * @param tensor the model input of this one image
 * @param thumbnail a small JPEG, or null when thumbnails are off
 * @param pdq the image's PDQ hash and quality, or null when its quality is below image.pdqMinQuality
 * @param pdqVariants the PDQ hashes of its 8 rotations/flips (the first is {@code pdq} itself); empty when pdq is null
 */
public record PreparedImage(float[] tensor, byte[] thumbnail, PdqHash pdq, List<PdqHash> pdqVariants, int width,
                            int height, String format, long nanos) {}
