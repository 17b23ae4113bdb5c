package dev.bayan.tools.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Files of an npm package, by their path inside the package ({@code dist/...}, {@code LICENSE}),
 * read from the tarball {@code npm pack} writes or from an unpacked directory.
 */
interface NpmPackage {

  byte[] read(String path) throws IOException;

  boolean exists(String path);

  /**
   * Opens a {@code .tgz} or a directory: the package root or the folder that holds
   * {@code package/}. From a tarball, only the files {@code wanted} accepts are loaded.
   */
  static NpmPackage open(Path location, Predicate<String> wanted) throws IOException {
    if (Files.isDirectory(location)) {
      Path root = Files.exists(location.resolve("package.json")) ? location : location.resolve("package");
      if (!Files.exists(root.resolve("package.json"))) {
        throw new NoSuchFileException(location + " holds no package.json (nor package/package.json)");
      }
      return new NpmPackage() {
        @Override public byte[] read(String path) throws IOException {
          return Files.readAllBytes(root.resolve(path));
        }

        @Override public boolean exists(String path) {
          return Files.isRegularFile(root.resolve(path));
        }
      };
    }
    // npm tarballs put everything under one top folder (normally "package/"): drop it
    Map<String, byte[]> files = new java.util.HashMap<>();
    TarGzReader.read(location, name -> {
      int slash = name.indexOf('/');
      return slash > 0 && wanted.test(name.substring(slash + 1));
    }).forEach((name, data) -> files.put(name.substring(name.indexOf('/') + 1), data));
    return new NpmPackage() {
      @Override public byte[] read(String path) throws IOException {
        byte[] data = files.get(path);
        if (data == null) {
          throw new NoSuchFileException(path + " (in " + location + ")");
        }
        return data;
      }

      @Override public boolean exists(String path) {
        return files.containsKey(path);
      }
    };
  }
}
