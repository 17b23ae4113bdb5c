package dev.bayan.image;

/**
 * Everything the later stages need from one upload, computed from a single decode.
 *
 * @param tensor the model input of this one image
 * @param thumbnail a small JPEG, or null when thumbnails are off
 * @param pdq the 32-byte PDQ hash, or null
 */
public record PreparedImage(float[] tensor, byte[] thumbnail, byte[] pdq, int width, int height, String format,
                            long nanos) {}
