package dev.bayan.tools.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An optional TSV manifest of the input images (like the corpus's {@code manifest.tsv}): the
 * columns {@code file} and {@code kind} give each image's kind (photo, screenshot, ...), for a
 * table of the results by kind.
 */
final class Manifest {
  private Manifest() {}

  /** File name to kind; fails when the header lacks a {@code file} or {@code kind} column. */
  static Map<String, String> kinds(Path tsv) throws IOException {
    List<String> lines = Files.readAllLines(tsv);
    if (lines.isEmpty()) throw new IllegalArgumentException(tsv + " is empty");
    List<String> header = List.of(lines.get(0).split("\t", -1));
    int file = header.indexOf("file");
    int kind = header.indexOf("kind");
    if (file < 0 || kind < 0) throw new IllegalArgumentException(tsv + " needs the columns 'file' and 'kind'");
    Map<String, String> kinds = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split("\t", -1);
      if (cells.length > Math.max(file, kind) && !cells[file].isBlank()) kinds.put(cells[file], cells[kind]);
    }
    return kinds;
  }
}
