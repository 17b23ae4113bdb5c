package dev.bayan.match;

import io.milvus.grpc.TemplateArrayValue;
import io.milvus.grpc.TemplateValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The subset of Milvus's boolean filter language the protocol double understands: comparisons
 * ({@code == != > >= < <=}), {@code in [...]}, {@code not in}, {@code and}/{@code or}/{@code not},
 * parentheses, string and number literals, and expression templates ({@code {name}} bound from
 * the request's template values). Anything else is refused, so a store that sends an expression
 * the double cannot judge fails loudly rather than matching everything.
 */
final class MilvusDoubleFilter {
  private final List<String> tokens;
  private final Map<String, TemplateValue> templates;
  private int at;

  private MilvusDoubleFilter(String expr, Map<String, TemplateValue> templates) {
    this.tokens = tokenize(expr);
    this.templates = templates;
  }

  /** A predicate over a row's field values; an empty expression matches every row. */
  static Predicate<Map<String, Object>> parse(String expr, Map<String, TemplateValue> templates) {
    if (expr == null || expr.isBlank()) return row -> true;
    MilvusDoubleFilter parser = new MilvusDoubleFilter(expr, templates);
    Predicate<Map<String, Object>> p = parser.or();
    if (parser.at != parser.tokens.size()) throw new IllegalArgumentException("cannot parse filter: " + expr);
    return p;
  }

  private Predicate<Map<String, Object>> or() {
    Predicate<Map<String, Object>> left = and();
    while (accept("or") || accept("||")) left = left.or(and());
    return left;
  }

  private Predicate<Map<String, Object>> and() {
    Predicate<Map<String, Object>> left = unary();
    while (accept("and") || accept("&&")) left = left.and(unary());
    return left;
  }

  private Predicate<Map<String, Object>> unary() {
    if (accept("not") || accept("!")) return unary().negate();
    if (accept("(")) {
      Predicate<Map<String, Object>> inner = or();
      expect(")");
      return inner;
    }
    String field = next();
    if (!field.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new IllegalArgumentException("expected a field, got " + field);
    if (accept("not")) {
      expect("in");
      List<Object> values = list();
      return row -> values.stream().noneMatch(v -> compare(row.get(field), v) == 0);
    }
    if (accept("in")) {
      List<Object> values = list();
      return row -> values.stream().anyMatch(v -> compare(row.get(field), v) == 0);
    }
    String op = next();
    Object value = value();
    return switch (op) {
      case "==" -> row -> compare(row.get(field), value) == 0;
      case "!=" -> row -> compare(row.get(field), value) != 0;
      case ">" -> row -> compare(row.get(field), value) > 0;
      case ">=" -> row -> compare(row.get(field), value) >= 0;
      case "<" -> row -> compare(row.get(field), value) < 0;
      case "<=" -> row -> compare(row.get(field), value) <= 0;
      default -> throw new IllegalArgumentException("unsupported operator " + op);
    };
  }

  private List<Object> list() {
    if (peek("{")) {
      Object bound = value();
      if (!(bound instanceof List<?> l)) throw new IllegalArgumentException("template after 'in' is not a list");
      return new ArrayList<>(l);
    }
    expect("[");
    List<Object> values = new ArrayList<>();
    if (!accept("]")) {
      do values.add(value()); while (accept(","));
      expect("]");
    }
    return values;
  }

  private Object value() {
    String t = next();
    if (t.equals("{")) {
      String name = next();
      expect("}");
      TemplateValue v = templates.get(name);
      if (v == null) throw new IllegalArgumentException("no template value for {" + name + "}");
      return fromTemplate(v);
    }
    if (t.startsWith("\"")) return t.substring(1);
    if (t.matches("-?\\d+")) return Long.parseLong(t);
    if (t.matches("-?\\d+\\.\\d*")) return Double.parseDouble(t);
    if (t.equals("true") || t.equals("false")) return Boolean.parseBoolean(t);
    throw new IllegalArgumentException("expected a value, got " + t);
  }

  private static Object fromTemplate(TemplateValue v) {
    return switch (v.getValCase()) {
      case BOOL_VAL -> v.getBoolVal();
      case INT64_VAL -> v.getInt64Val();
      case FLOAT_VAL -> v.getFloatVal();
      case STRING_VAL -> v.getStringVal();
      case ARRAY_VAL -> fromTemplateArray(v.getArrayVal());
      default -> throw new IllegalArgumentException("unsupported template value " + v);
    };
  }

  private static List<Object> fromTemplateArray(TemplateArrayValue a) {
    return switch (a.getDataCase()) {
      case STRING_DATA -> new ArrayList<>(a.getStringData().getDataList());
      case LONG_DATA -> new ArrayList<>(a.getLongData().getDataList());
      case BOOL_DATA -> new ArrayList<>(a.getBoolData().getDataList());
      case DOUBLE_DATA -> new ArrayList<>(a.getDoubleData().getDataList());
      case DATA_NOT_SET -> new ArrayList<>();
      default -> throw new IllegalArgumentException("unsupported template array " + a);
    };
  }

  /** Strings in UTF-8 byte order (= code-point order, as Milvus compares VARCHAR); numbers by value. */
  static int compare(Object field, Object value) {
    if (field instanceof String a && value instanceof String b) {
      return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }
    if (field instanceof Number a && value instanceof Number b) return Double.compare(a.doubleValue(), b.doubleValue());
    if (field instanceof Boolean a && value instanceof Boolean b) return Boolean.compare(a, b);
    throw new IllegalArgumentException("cannot compare " + field + " with " + value);
  }

  private boolean peek(String t) {
    return at < tokens.size() && tokens.get(at).equals(t);
  }

  private boolean accept(String t) {
    if (!peek(t)) return false;
    at++;
    return true;
  }

  private void expect(String t) {
    if (!accept(t)) throw new IllegalArgumentException("expected '" + t + "' at token " + at + " of " + tokens);
  }

  private String next() {
    if (at >= tokens.size()) throw new IllegalArgumentException("filter ends too early: " + tokens);
    return tokens.get(at++);
  }

  /** String literals come back as one token starting with {@code "} and holding the unescaped text. */
  private static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"' || c == '\'') {
        StringBuilder text = new StringBuilder("\"");
        i++;
        while (i < s.length() && s.charAt(i) != c) {
          if (s.charAt(i) == '\\' && i + 1 < s.length()) i++;
          text.append(s.charAt(i++));
        }
        if (i >= s.length()) throw new IllegalArgumentException("unterminated string in " + s);
        i++;
        out.add(text.toString());
      } else if ("=!<>&|".indexOf(c) >= 0) {
        int start = i;
        while (i < s.length() && "=!<>&|".indexOf(s.charAt(i)) >= 0) i++;
        out.add(s.substring(start, i));
      } else if ("()[]{},".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "_.-".indexOf(s.charAt(i)) >= 0)) i++;
        if (start == i) throw new IllegalArgumentException("unexpected '" + c + "' in " + s);
        out.add(s.substring(start, i));
      }
    }
    return out;
  }
}
