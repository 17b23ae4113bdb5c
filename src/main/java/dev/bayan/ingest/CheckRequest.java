package dev.bayan.ingest;

import dev.bayan.error.BadInput;
import java.util.regex.Pattern;

/**
 * A validated check: who posted what, where. Built at the edge (HTTP or Kafka) so that nothing
 * past ingest sees raw strings from strangers.
 */
public record CheckRequest(String postId, String authorId, String space, boolean dryRun) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
  private static final Pattern SPACE = Pattern.compile("[a-z0-9_-]{1,64}");
  public static final String DEFAULT_SPACE = "default";

  public CheckRequest {
    if (!dryRun && postId == null) throw new BadInput("missing_post_id", "postId is required unless dryRun=true");
    if (postId != null && !ID.matcher(postId).matches()) {
      throw new BadInput("invalid_post_id", "postId must be 1-128 of A-Z a-z 0-9 . _ : @ -");
    }
    if (authorId != null && !ID.matcher(authorId).matches()) {
      throw new BadInput("invalid_author_id", "authorId must be 1-128 of A-Z a-z 0-9 . _ : @ -");
    }
    if (space == null) space = DEFAULT_SPACE;
    if (!SPACE.matcher(space).matches()) throw new BadInput("invalid_space", "space must be 1-64 of a-z 0-9 _ -");
    if (postId == null) postId = "dry-run";
  }

  /** Parses the optional text fields as they arrive (query string, form fields, JSON). */
  public static CheckRequest of(String postId, String authorId, String space, String dryRun) {
    boolean dry = dryRun != null && switch (dryRun) {
      case "true", "1" -> true;
      case "false", "0", "" -> false;
      default -> throw new BadInput("invalid_dry_run", "dryRun must be true or false");
    };
    return new CheckRequest(blankToNull(postId), blankToNull(authorId), blankToNull(space), dry);
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
