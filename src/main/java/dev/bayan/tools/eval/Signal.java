package dev.bayan.tools.eval;

/** The three ways of scoring a candidate that the report compares. */
enum Signal {
  /** CNN cosine similarity. */
  CNN("CNN", "cnn") {
    @Override
    Double score(Candidate c) {
      return c.similarity();
    }
  },
  /** PDQ as a similarity: 1 - distance/256; no score when the answer has no distance. */
  PDQ("PDQ", "pdq") {
    @Override
    Double score(Candidate c) {
      return c.pdqDistance() == null ? null : pdqScore(c.pdqDistance());
    }
  },
  /** The stronger of the two: what the hybrid decision's curve is drawn with. */
  HYBRID("Hybrid", "hybrid") {
    @Override
    Double score(Candidate c) {
      Double cnn = CNN.score(c);
      Double pdq = PDQ.score(c);
      if (cnn == null) return pdq;
      return pdq == null ? cnn : Math.max(cnn, pdq);
    }
  };

  private final String title;
  private final String file;

  Signal(String title, String file) {
    this.title = title;
    this.file = file;
  }

  /** The candidate's score under this signal, or null when the answer carries no such evidence. */
  abstract Double score(Candidate c);

  String title() {
    return title;
  }

  /** The PR curve's file name. */
  String curveFile() {
    return "pr-" + file + ".png";
  }

  static double pdqScore(int distance) {
    return 1 - distance / 256.0;
  }

  /** The largest PDQ distance whose score is still >= {@code threshold}. */
  static int pdqDistance(double threshold) {
    return (int) Math.floor(256 * (1 - threshold) + 1e-9);
  }
}
