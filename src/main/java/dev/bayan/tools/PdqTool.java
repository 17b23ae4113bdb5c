package dev.bayan.tools;

import dev.bayan.image.Pdq;
import dev.bayan.image.PdqHash;
import dev.bayan.image.RgbImage;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * Prints {@code hash quality file} for each image, like the reference's photo hasher; with
 * {@code --dihedral}, {@code quality} then the 8 dihedral hashes (orig, rot90, rot180, rot270,
 * flipx, flipy, flipp, flipm) then the file. Exit status 1 if any file could not be hashed.
 *
 * <p>Decodes with plain ImageIO (no EXIF orientation, alpha dropped), as the reference does.
 */
public final class PdqTool {
  private PdqTool() {}

  public static void main(String[] args) {
    boolean dihedral = args.length > 0 && args[0].equals("--dihedral");
    int first = dihedral ? 1 : 0;
    if (args.length == first) {
      System.err.println("usage: PdqTool [--dihedral] FILE...");
      System.exit(2);
    }
    Pdq pdq = new Pdq();
    boolean failed = false;
    for (int i = first; i < args.length; i++) {
      String file = args[i];
      try {
        RgbImage image = read(new File(file));
        if (dihedral) {
          List<PdqHash> hashes = pdq.dihedral(image);
          String hex = hashes.stream().map(PdqHash::hex).collect(Collectors.joining(" "));
          System.out.println(hashes.getFirst().quality() + " " + hex + " " + file);
        } else {
          PdqHash hash = pdq.hash(image);
          System.out.println(hash.hex() + " " + hash.quality() + " " + file);
        }
      } catch (IOException | RuntimeException e) {
        System.err.println(file + ": " + e.getMessage());
        failed = true;
      }
    }
    System.exit(failed ? 1 : 0);
  }

  static RgbImage read(File file) throws IOException {
    BufferedImage image = ImageIO.read(file);
    if (image == null) throw new IOException("not an image ImageIO can read");
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] rgb = new byte[width * height * 3];
    int[] row = new int[width];
    ColorModel model = image.getColorModel();
    boolean grey = model.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(model instanceof IndexColorModel);
    int max = (1 << model.getComponentSize(0)) - 1;
    for (int y = 0; y < height; y++) {
      if (grey) {
        // raw grey levels: getRGB would treat them as linear light and brighten them
        image.getRaster().getSamples(0, y, width, 1, 0, row);
        for (int x = 0; x < width; x++) row[x] = 0x010101 * ((row[x] * 255 + max / 2) / max);
      } else {
        image.getRGB(0, y, width, 1, row, 0, width);
      }
      for (int x = 0, p = y * width * 3; x < width; x++, p += 3) {
        rgb[p] = (byte) (row[x] >> 16);
        rgb[p + 1] = (byte) (row[x] >> 8);
        rgb[p + 2] = (byte) row[x];
      }
    }
    return new RgbImage(width, height, rgb, "unknown", width, height);
  }
}
