package dev.bayan.tools.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the value a minified JavaScript module exports ({@code x.exports={...}} or
 * {@code x.exports="..."}): nsfwjs ships its TF.js model this way instead of as JSON files.
 * It understands the object-literal subset a minifier emits: unquoted keys, {@code !0}/{@code !1}
 * for true/false, numbers like {@code .5} or {@code -.5}, single- or double-quoted strings.
 */
final class JsLiteralParser {
  private static final Pattern EXPORTS = Pattern.compile("\\.exports\\s*=\\s*(?=[{\\[\"'])");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String src;
  private int pos;

  private JsLiteralParser(String src, int pos) {
    this.src = src;
    this.pos = pos;
  }

  /** The first literal assigned to {@code <something>.exports} in {@code moduleSource}. */
  static JsonNode exportedValue(String moduleSource) {
    Matcher m = EXPORTS.matcher(moduleSource);
    if (!m.find()) {
      throw new IllegalArgumentException("no `exports = <literal>` in the module");
    }
    return new JsLiteralParser(moduleSource, m.end()).value();
  }

  /** Parses one literal that makes up all of {@code text} (surrounding blanks allowed). */
  static JsonNode parse(String text) {
    JsLiteralParser p = new JsLiteralParser(text, 0);
    JsonNode v = p.value();
    p.skipBlanks();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the value");
    }
    return v;
  }

  private JsonNode value() {
    skipBlanks();
    if (pos >= src.length()) {
      throw error("unexpected end");
    }
    char c = src.charAt(pos);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"', '\'' -> NODES.textNode(string());
      case '!' -> negatedDigit();
      default -> c == '-' || c == '.' || Character.isDigit(c) ? number() : keyword();
    };
  }

  private ObjectNode object() {
    ObjectNode obj = NODES.objectNode();
    pos++; // '{'
    skipBlanks();
    if (peek() == '}') {
      pos++;
      return obj;
    }
    while (true) {
      skipBlanks();
      String key = peek() == '"' || peek() == '\'' ? string() : identifier();
      skipBlanks();
      expect(':');
      obj.set(key, value());
      skipBlanks();
      if (peek() == ',') {
        pos++;
      } else {
        expect('}');
        return obj;
      }
    }
  }

  private ArrayNode array() {
    ArrayNode arr = NODES.arrayNode();
    pos++; // '['
    skipBlanks();
    if (peek() == ']') {
      pos++;
      return arr;
    }
    while (true) {
      arr.add(value());
      skipBlanks();
      if (peek() == ',') {
        pos++;
      } else {
        expect(']');
        return arr;
      }
    }
  }

  private String string() {
    char quote = src.charAt(pos++);
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= src.length()) {
        throw error("unterminated string");
      }
      char c = src.charAt(pos++);
      if (c == quote) {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = src.charAt(pos++);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          sb.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> sb.append(e); // \" \' \\ \/
      }
    }
  }

  /** Minifiers write {@code true} as {@code !0} and {@code false} as {@code !1}. */
  private JsonNode negatedDigit() {
    pos++;
    char d = pos < src.length() ? src.charAt(pos++) : ' ';
    if (d == '0' || d == '1') {
      return NODES.booleanNode(d == '0');
    }
    throw error("only !0 and !1 are understood");
  }

  private JsonNode number() {
    int start = pos;
    if (peek() == '-' || peek() == '+') {
      pos++;
    }
    boolean integral = true;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (Character.isDigit(c)) {
        pos++;
      } else if (c == '.' || c == 'e' || c == 'E'
          || ((c == '-' || c == '+') && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E'))) {
        integral = false;
        pos++;
      } else {
        break;
      }
    }
    String text = src.substring(start, pos);
    try {
      return integral ? NODES.numberNode(Long.parseLong(text)) : NODES.numberNode(Double.parseDouble(text));
    } catch (NumberFormatException e) {
      throw error("bad number " + text);
    }
  }

  private JsonNode keyword() {
    String word = identifier();
    return switch (word) {
      case "true" -> NODES.booleanNode(true);
      case "false" -> NODES.booleanNode(false);
      case "null" -> NODES.nullNode();
      case "void" -> {
        value(); // `void 0` is how minifiers write undefined
        yield NODES.nullNode();
      }
      default -> throw error("unexpected identifier " + word);
    };
  }

  private String identifier() {
    int start = pos;
    while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos))
        || src.charAt(pos) == '_' || src.charAt(pos) == '$')) {
      pos++;
    }
    if (start == pos) {
      throw error("expected a name");
    }
    return src.substring(start, pos);
  }

  private char peek() {
    return pos < src.length() ? src.charAt(pos) : '\0';
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void skipBlanks() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    int from = Math.max(0, pos - 30);
    int to = Math.min(src.length(), pos + 30);
    return new IllegalArgumentException(what + " at offset " + pos + " near `" + src.substring(from, to) + "`");
  }
}
