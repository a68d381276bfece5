package dev.herald.api.hostile;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hostile values a request is made of: what is put in a JSON field, a query parameter, a path
 * segment or a whole body. Each is named, so a failure says what was sent.
 */
final class HostileRequests {

  private HostileRequests() {}

  /** A named hostile JSON value, written as JSON text. */
  record JsonValue(String name, String json) {}

  /** A named hostile piece of a URI, already percent-encoded as sent. */
  record UriValue(String name, String raw) {}

  /** A named hostile body with the content type it is sent as ({@code null}: no header). */
  record Body(String name, String contentType, byte[] bytes) {}

  static List<JsonValue> jsonValues() {
    List<JsonValue> values = new ArrayList<>();
    values.add(new JsonValue("null", "null"));
    values.add(new JsonValue("true", "true"));
    values.add(new JsonValue("zero", "0"));
    values.add(new JsonValue("negative", "-1"));
    values.add(new JsonValue("min long", "-9223372036854775808"));
    values.add(new JsonValue("past long", "9223372036854775808"));
    values.add(new JsonValue("1e20", "1e20"));
    values.add(new JsonValue("1e400", "1e400"));
    values.add(new JsonValue("fraction", "1.5"));
    values.add(new JsonValue("empty string", "\"\""));
    values.add(new JsonValue("blank string", "\"   \""));
    values.add(new JsonValue("NUL", "\"\\u0000\""));
    values.add(new JsonValue("NUL inside", "\"a\\u0000b\""));
    values.add(new JsonValue("control characters", "\"a\\u0001\\u001f\\u007f\""));
    values.add(new JsonValue("lone surrogate", "\"\\ud800\""));
    values.add(new JsonValue("reversed surrogates", "\"\\udc00\\ud800\""));
    values.add(new JsonValue("right-to-left override", "\"\\u202e\""));
    values.add(new JsonValue("emoji", "\"\uD83D\uDCA9\""));
    values.add(new JsonValue("long string", "\"" + "x".repeat(100_000) + "\""));
    values.add(new JsonValue("SQL", "\"' OR 1=1; DROP TABLE events; --\""));
    values.add(new JsonValue("markup", "\"<script>alert(1)</script>\""));
    values.add(new JsonValue("far future", "\"+999999999-12-31T23:59:59Z\""));
    values.add(new JsonValue("far past", "\"-999999999-01-01T00:00:00Z\""));
    values.add(new JsonValue("year 10000", "\"10000-01-01T00:00:00Z\""));
    values.add(new JsonValue("year 0", "\"0000-01-01T00:00:00Z\""));
    values.add(new JsonValue("impossible date", "\"2026-13-45T99:99:99Z\""));
    values.add(new JsonValue("empty array", "[]"));
    values.add(new JsonValue("array of NUL", "[\"\\u0000\"]"));
    values.add(new JsonValue("array of null", "[null]"));
    values.add(new JsonValue("array of numbers", "[1,2]"));
    values.add(new JsonValue("empty object", "{}"));
    values.add(new JsonValue("object with NUL key", "{\"\\u0000\":1}"));
    values.add(new JsonValue("object with NUL value", "{\"k\":\"\\u0000\"}"));
    values.add(new JsonValue("operator object", "{\"$gt\":\"\"}"));
    values.add(new JsonValue("deep array", "[".repeat(2_000) + "]".repeat(2_000)));
    values.add(new JsonValue("deep object", "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000)));
    values.add(new JsonValue("many elements", "[" + "1,".repeat(50_000) + "1]"));
    return values;
  }

  static List<UriValue> pathValues() {
    List<UriValue> values = new ArrayList<>();
    values.add(new UriValue("encoded NUL", "%00"));
    values.add(new UriValue("NUL inside", "a%00b"));
    values.add(new UriValue("control character", "a%01b"));
    values.add(new UriValue("long", "x".repeat(3_000)));
    values.add(new UriValue("encoded space", "a%20b"));
    values.add(new UriValue("emoji", "%F0%9F%92%A9"));
    values.add(new UriValue("invalid UTF-8", "%FF%FE"));
    values.add(new UriValue("overlong dot", "%C0%AE%C0%AE"));
    values.add(new UriValue("encoded slash", "a%2Fb"));
    values.add(new UriValue("encoded dots", "%2E%2E"));
    values.add(new UriValue("encoded percent", "%25"));
    values.add(new UriValue("quote", "%27%22"));
    values.add(new UriValue("SQL", "x%27%20OR%201%3D1"));
    values.add(new UriValue("wrong prefix", "evt_01M86MY7WQ16BMAM4G2K8HQQ20"));
    values.add(new UriValue("matrix parameter", "x;y=1"));
    values.add(new UriValue("bare percent", "%"));
    values.add(new UriValue("broken escape", "%zz"));
    return values;
  }

  static List<UriValue> queryValues() {
    List<UriValue> values = new ArrayList<>();
    for (UriValue value : pathValues()) {
      values.add(value);
    }
    for (String plain :
        List.of(
            "",
            "-1",
            "0",
            "99999999999999999999",
            "1e20",
            "1.5",
            "NaN",
            "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z",
            "2026-13-45T99:99:99Z",
            "10000-01-01T00:00:00Z",
            "*",
            "a.*.b",
            "..",
            ",,,,")) {
      values.add(new UriValue("'" + plain + "'", URLEncoder.encode(plain, StandardCharsets.UTF_8)));
    }
    values.add(new UriValue("CR LF", "a%0D%0Ab"));
    return values;
  }

  /** Bodies that are wrong as a whole, whatever the endpoint. */
  static List<Body> wholeBodies(int maxBodySize) {
    String json = "application/json";
    List<Body> bodies = new ArrayList<>();
    bodies.add(body("empty", json, ""));
    bodies.add(body("null", json, "null"));
    bodies.add(body("array", json, "[]"));
    bodies.add(body("string", json, "\"x\""));
    bodies.add(body("number", json, "42"));
    bodies.add(body("truncated", json, "{\"a\":"));
    bodies.add(body("trailing garbage", json, "{} x"));
    bodies.add(body("two documents", json, "{}{}"));
    bodies.add(body("duplicate field", json, "{\"name\":\"a\",\"name\":\"b\"}"));
    bodies.add(body("unknown field", json, "{\"unknownField\":1}"));
    bodies.add(body("comment", json, "{/* c */}"));
    bodies.add(body("single quotes", json, "{'a':1}"));
    bodies.add(body("NUL byte raw", json, "{\"a\":\"\u0000\"}"));
    bodies.add(body("byte order mark", json, "\uFEFF{}"));
    bodies.add(
        new Body(
            "invalid UTF-8",
            json,
            new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}));
    bodies.add(body("deep nesting", json, "[".repeat(100_000)));
    bodies.add(body("oversized", json, "{\"a\":\"" + "x".repeat(maxBodySize + 10) + "\"}"));
    bodies.add(body("plain text", "text/plain", "{}"));
    bodies.add(body("XML", "application/xml", "<a/>"));
    bodies.add(body("form", "application/x-www-form-urlencoded", "a=1"));
    bodies.add(body("no content type", null, "{}"));
    bodies.add(body("bad charset", "application/json; charset=nope", "{}"));
    bodies.add(body("broken content type", "application/", "{}"));
    return bodies;
  }

  /** Headers that are wrong, sent with an otherwise valid request. */
  static List<Map<String, String>> hostileHeaders() {
    return List.of(
        Map.of("Idempotency-Key", ""),
        Map.of("Idempotency-Key", "k".repeat(300)),
        Map.of("Idempotency-Key", "a\u0001b"),
        Map.of("Idempotency-Key", "\u00ff\u00fe"),
        Map.of("Last-Event-ID", "abc"),
        Map.of("Last-Event-ID", "\u0001"),
        Map.of("Last-Event-ID", "99999999999999999999999"),
        Map.of("Accept", "application/xml"),
        Map.of("Accept", "*/*;q=nope"),
        Map.of("X-Big", "x".repeat(20_000)),
        Map.of("X-Control", "a\u0007b"),
        Map.of("Content-Type", "application/json; boundary=\u0001"));
  }

  private static Body body(String name, String contentType, String text) {
    return new Body(name, contentType, text.getBytes(StandardCharsets.UTF_8));
  }
}
