package dev.bayan.tools.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code queries.tsv}: one line per query with its answer's evidence, for analyses the report does not make. */
final class QueryTable {
  private QueryTable() {}

  static void write(List<Query> queries, Path file) throws IOException {
    StringBuilder out = new StringBuilder("index\tkind\tsource\ttransform\tlabel\ttruth\tdecision\tnamed_original"
        + "\ttruth_cnn\ttruth_pdq_distance\tbest_other_post\tother_cnn\tother_pdq_distance\terror\n");
    for (Query q : queries) {
      Candidate truth = q.answer().candidates().stream().filter(c -> c.postId().equals(q.truth())).findFirst()
          .orElse(null);
      Candidate other = q.wrongCandidate(Signal.HYBRID);
      out.append(q.index()).append('\t').append(q.isCopy() ? "copy" : "negative").append('\t')
          .append(q.source().getFileName()).append('\t').append(q.family()).append('\t').append(q.label()).append('\t')
          .append(text(q.truth())).append('\t').append(text(q.answer().decision())).append('\t')
          .append(text(q.answer().original())).append('\t')
          .append(truth == null ? "" : number(truth.similarity())).append('\t')
          .append(truth == null ? "" : text(truth.pdqDistance())).append('\t')
          .append(other == null ? "" : other.postId()).append('\t')
          .append(other == null ? "" : number(other.similarity())).append('\t')
          .append(other == null ? "" : text(other.pdqDistance())).append('\t')
          .append(text(q.answer().error()).replace('\t', ' ').replace('\n', ' ')).append('\n');
    }
    Files.writeString(file, out);
  }

  private static String text(Object o) {
    return o == null ? "" : o.toString();
  }

  private static String number(Double d) {
    return d == null ? "" : String.format(Locale.ROOT, "%.4f", d);
  }
}
