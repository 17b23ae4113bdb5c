package dev.bayan.decide;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bayan.error.BadInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moderators' verdicts on flagged pairs. A pair whose latest verdict is {@code not_duplicate} is
 * no longer evidence, in either direction; a later {@code confirmed} makes it count again.
 * Durable: every verdict is appended to a JSON-lines file (fsync'd) and replayed at start.
 * Thread-safe: the admin API records from HTTP event loops via a worker, the match verticle reads.
 */
public final class Feedback {
  public static final String NOT_DUPLICATE = "not_duplicate";
  public static final String CONFIRMED = "confirmed";
  private static final Logger LOG = LoggerFactory.getLogger(Feedback.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

  /** One verdict. {@code time} is epoch milliseconds. */
  public record Entry(String postId, String matchedPostId, String verdict, long time) {
    public Entry {
      if (postId == null || !ID.matcher(postId).matches()) {
        throw new BadInput("invalid_post_id", "postId must be 1-128 of A-Z a-z 0-9 . _ : @ -");
      }
      if (matchedPostId == null || !ID.matcher(matchedPostId).matches()) {
        throw new BadInput("invalid_matched_post_id", "matchedPostId must be 1-128 of A-Z a-z 0-9 . _ : @ -");
      }
      if (postId.equals(matchedPostId)) throw new BadInput("same_post", "postId and matchedPostId must differ");
      if (!NOT_DUPLICATE.equals(verdict) && !CONFIRMED.equals(verdict)) {
        throw new BadInput("invalid_verdict", "verdict must be not_duplicate or confirmed");
      }
    }
  }

  /** Unordered: the pair (a, b) is the pair (b, a). */
  private record Pair(String first, String second) {
    static Pair of(String a, String b) {
      return a.compareTo(b) <= 0 ? new Pair(a, b) : new Pair(b, a);
    }
  }

  private final Path file;
  private final Map<Pair, Entry> latest = new ConcurrentHashMap<>();
  private final Set<Pair> dismissed = ConcurrentHashMap.newKeySet();

  private Feedback(Path file) {
    this.file = file;
  }

  /** Opens (and replays) the verdict log at {@code file}; blocking. A torn last line is skipped. */
  public static Feedback open(Path file) {
    Feedback feedback = new Feedback(file);
    if (!Files.exists(file)) return feedback;
    try {
      int line = 0;
      for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        line++;
        if (text.isBlank()) continue;
        try {
          feedback.apply(JSON.readValue(text, Entry.class));
        } catch (IOException | RuntimeException e) {
          LOG.warn("{}:{}: skipping unreadable feedback line ({})", file, line, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read feedback log " + file, e);
    }
    return feedback;
  }

  /** Whether a moderator said these two posts are not duplicates (and has not taken it back). */
  public boolean dismissed(String postId, String otherPostId) {
    return !dismissed.isEmpty() && dismissed.contains(Pair.of(postId, otherPostId));
  }

  /** Appends the verdict durably, then applies it; blocking (run on a worker). */
  public synchronized void record(Entry entry) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) channel.write(buffer);
        channel.force(false);
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to feedback log " + file, e);
    }
    apply(entry);
  }

  private void apply(Entry entry) {
    Pair pair = Pair.of(entry.postId(), entry.matchedPostId());
    latest.put(pair, entry);
    if (NOT_DUPLICATE.equals(entry.verdict())) dismissed.add(pair);
    else dismissed.remove(pair);
  }

  /** The latest verdict per pair, newest first; only pairs involving {@code postId} when it is given. */
  public List<Entry> recent(String postId, int limit) {
    return latest.values().stream()
        .filter(e -> postId == null || e.postId().equals(postId) || e.matchedPostId().equals(postId))
        .sorted(Comparator.comparingLong(Entry::time).reversed()).limit(limit).toList();
  }

  /** Pairs currently dismissed as not duplicates (admin stats). */
  public int dismissedPairs() {
    return dismissed.size();
  }
}
