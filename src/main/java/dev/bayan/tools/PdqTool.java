package dev.bayan.tools;

import dev.bayan.image.Pdq;
import dev.bayan.image.PdqHash;
import dev.bayan.image.RgbImage;
import dev.bayan.config.ConfigLoader;
import dev.bayan.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints {@code hash quality file} for each image, like the reference's photo hasher; with
 * {@code --dihedral}, {@code quality} then the 8 dihedral hashes (orig, rot90, rot180, rot270,
 * flipx, flipy, flipp, flipm) then the file. Exit status 1 if any file could not be hashed.
 *
 * <p>Decodes exactly as the gateway does (conf/bayan.yaml's image settings: EXIF orientation
 * applied, alpha on white, large JPEGs subsampled), so it prints the hash Bayan indexes. Meta's
 * reference applies no EXIF orientation: a rotated photo then prints one of its dihedral hashes.
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
    ImageDecoder decoder = new ImageDecoder(ConfigLoader.load(Path.of("conf/bayan.yaml")).image());
    boolean failed = false;
    for (int i = first; i < args.length; i++) {
      String file = args[i];
      try {
        RgbImage image = decoder.decode(Files.readAllBytes(Path.of(file)));
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
}
