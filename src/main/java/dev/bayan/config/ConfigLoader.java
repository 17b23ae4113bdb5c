package dev.bayan.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads {@code conf/bayan.yaml} into {@link BayanConfig}. Every leaf key can be overridden:
 * {@code -Dbayan.embed.maxBatch=16} or the environment variable {@code BAYAN_EMBED_MAX_BATCH=16}
 * (system properties win). Unknown keys fail fast so that a typo never silently does nothing.
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ConfigLoader() {}

  public static BayanConfig load(Path file) {
    return load(List.of(file), System.getenv(), System.getProperties()::getProperty);
  }

  /** The base file, then overlays (each replaces only the keys it names), then env and properties. */
  public static BayanConfig load(List<Path> files) {
    return load(files, System.getenv(), System.getProperties()::getProperty);
  }

  /** Loads with explicit overrides ({@code bayan.http.port -> 0}) and no environment: for tests and tools. */
  public static BayanConfig load(Path file, Map<String, String> overrides) {
    return load(List.of(file), Map.of(), overrides::get);
  }

  static BayanConfig load(List<Path> files, Map<String, String> env, Function<String, String> props) {
    try {
      ObjectNode tree = YAML.createObjectNode();
      for (Path file : files) overlay(tree, (ObjectNode) YAML.readTree(Files.readString(file)));
      applyOverrides(tree, "bayan", env, props);
      return YAML.treeToValue(tree, BayanConfig.class);
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      throw new IllegalStateException("bad configuration in " + files + ": " + cause.getMessage(), e);
    }
  }

  /** Deep merge: objects merge key by key, anything else replaces. */
  private static void overlay(ObjectNode base, ObjectNode top) {
    top.fields().forEachRemaining(e -> {
      JsonNode existing = base.get(e.getKey());
      if (existing instanceof ObjectNode b && e.getValue() instanceof ObjectNode t) overlay(b, t);
      else base.set(e.getKey(), e.getValue());
    });
  }

  /** Parses a YAML value the way the file would, so overrides keep their types. */
  private static JsonNode parseScalar(String text) throws IOException {
    return YAML.readTree(text);
  }

  private static void applyOverrides(ObjectNode node, String prefix, Map<String, String> env,
                                     Function<String, String> props) throws IOException {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      String path = prefix + "." + key;
      JsonNode child = node.get(key);
      if (child.isObject()) {
        applyOverrides((ObjectNode) child, path, env, props);
        continue;
      }
      String value = props.apply(path);
      if (value == null) value = env.get(envName(path));
      if (value != null) node.set(key, parseScalar(value));
    }
  }

  /** {@code bayan.embed.maxBatch} becomes {@code BAYAN_EMBED_MAX_BATCH}. */
  static String envName(String path) {
    return path.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(java.util.Locale.ROOT);
  }
}
