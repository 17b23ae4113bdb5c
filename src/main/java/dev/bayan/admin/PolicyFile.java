package dev.bayan.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.bayan.config.PolicyConfig;
import dev.bayan.error.BadInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The policy as JSON: parsed and validated (through {@link PolicyConfig}'s own checks) when an
 * operator sends it, and kept in a file next to the store so that a restart keeps the last
 * thresholds set at run time. The file, when present, wins over conf/bayan.yaml.
 */
public final class PolicyFile {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;

  public PolicyFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  /** The saved policy, if any; blocking. A file that no longer validates stops the start. */
  public Optional<PolicyConfig> load() {
    if (!Files.exists(file)) return Optional.empty();
    try {
      return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (BadInput e) {
      throw new IllegalStateException(file + " holds an invalid policy (" + e.getMessage()
          + "); fix it or delete it to use conf/bayan.yaml's", e);
    }
  }

  /** Replaces the file atomically (write a sibling, then rename); blocking. */
  public void save(PolicyConfig policy) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, json(policy), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the policy to " + file, e);
    }
  }

  public static String json(PolicyConfig policy) {
    try {
      return JSON.writeValueAsString(policy);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses and validates; fails with {@link BadInput} ({@code invalid_json} or {@code invalid_policy}). */
  public static PolicyConfig parse(String text) {
    try {
      PolicyConfig policy = JSON.readValue(text, PolicyConfig.class);
      if (policy == null) throw new BadInput("invalid_policy", "the policy must be a JSON object");
      return policy;
    } catch (UnrecognizedPropertyException e) {
      throw new BadInput("invalid_policy", "unknown field '" + e.getPropertyName() + "' at " + where(e)
          + "; known: rejectSimilarity, reviewSimilarity, spaces");
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause();
      String why = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
      throw new BadInput("invalid_policy", prefix(e) + why);
    } catch (JsonProcessingException e) {
      throw new BadInput("invalid_json", "the body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** "policy.spaces.memes." for a failure inside a space's override, "" at the top. */
  private static String prefix(JsonMappingException e) {
    String path = where(e);
    return path.isEmpty() ? "" : "policy." + path + ": ";
  }

  private static String where(JsonMappingException e) {
    return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
        .collect(Collectors.joining("."));
  }
}
