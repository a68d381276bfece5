package dev.herald.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jackson.BaseNodeDeserializer;
import tools.jackson.databind.deser.jackson.JsonNodeDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * The one check of what a JSON body may carry, on every endpoint at once because every body is read
 * by the application's {@code JsonMapper}: a string anywhere (a field, a list element, a map key,
 * any depth of a free-form {@code data}/{@code metadata} object) holds no NUL and no lone surrogate
 * (PostgreSQL refuses both, which was a 500), a number in a free-form object is finite (Jackson
 * would store 1e400 as the string "Infinity"), and a time typed {@link Instant} or {@link
 * OffsetDateTime} is one {@link TimeInput} accepts. A refused value is a {@link
 * RefusedValueException}: Jackson adds the path to it (e.g. {@code data.content}) and {@link
 * ProblemHandler} answers 422 naming that field, as for any other invalid field. Times sent as
 * strings and parsed by a handler go through the same {@link TimeInput}.
 */
final class JsonInputModule extends SimpleModule {

  private static final long serialVersionUID = 1L;

  JsonInputModule() {
    super("herald-json-input");
    addDeserializer(String.class, new CheckedStrings());
    addKeyDeserializer(String.class, new CheckedKeys());
    addDeserializer(JsonNode.class, new CheckedTrees());
    addDeserializer(Instant.class, new CheckedInstants());
    addDeserializer(OffsetDateTime.class, new CheckedOffsetDateTimes());
  }

  private static String checked(JsonParser parser, String text) {
    String problem = text == null ? null : TextRules.problemInBody(text);
    if (problem != null) {
      throw new RefusedValueException(parser, problem);
    }
    return text;
  }

  /** Strings as Jackson reads them (coercions included), then checked. */
  static final class CheckedStrings extends StdScalarDeserializer<String> {

    CheckedStrings() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
      return checked(parser, StringDeserializer.instance.deserialize(parser, context));
    }
  }

  /** Keys of {@code Map<String, …>} fields. */
  static final class CheckedKeys extends KeyDeserializer {

    @Override
    public Object deserializeKey(String key, DeserializationContext context) {
      return checked(context.getParser(), key);
    }
  }

  /**
   * Free-form JSON as Jackson reads it (a {@code null} is still {@code NullNode}), then every key,
   * string and number in it checked; the path inside the tree is added to the refusal.
   */
  static final class CheckedTrees extends JsonNodeDeserializer {

    private static final long serialVersionUID = 1L;

    CheckedTrees() {
      super();
    }

    private CheckedTrees(CheckedTrees base, boolean mergeArrays, boolean mergeObjects) {
      super(base, mergeArrays, mergeObjects);
    }

    @Override
    protected BaseNodeDeserializer<?> _createWithMerge(boolean mergeArrays, boolean mergeObjects) {
      return new CheckedTrees(this, mergeArrays, mergeObjects);
    }

    @Override
    public JsonNode deserialize(JsonParser parser, DeserializationContext context) {
      JsonNode tree = super.deserialize(parser, context);
      check(parser, tree);
      return tree;
    }

    private static void check(JsonParser parser, JsonNode node) {
      if (node.isString()) {
        checked(parser, node.asString());
      } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
        throw new RefusedValueException(parser, "must be a finite number");
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          try {
            check(parser, node.get(i));
          } catch (RefusedValueException e) {
            throw (RefusedValueException) e.prependPath(node, i);
          }
        }
      } else if (node.isObject()) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          try {
            checked(parser, field.getKey());
            check(parser, field.getValue());
          } catch (RefusedValueException e) {
            throw (RefusedValueException) e.prependPath(node, field.getKey());
          }
        }
      }
    }
  }

  /** {@link Instant} fields: ISO-8601 strings within {@link TimeInput}'s years. */
  static final class CheckedInstants extends StdScalarDeserializer<Instant> {

    CheckedInstants() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) {
      return time(parser, context);
    }
  }

  /** {@link OffsetDateTime} fields, as {@link CheckedInstants} (kept in UTC). */
  static final class CheckedOffsetDateTimes extends StdScalarDeserializer<OffsetDateTime> {

    CheckedOffsetDateTimes() {
      super(OffsetDateTime.class);
    }

    @Override
    public OffsetDateTime deserialize(JsonParser parser, DeserializationContext context) {
      return time(parser, context).atOffset(ZoneOffset.UTC);
    }
  }

  private static Instant time(JsonParser parser, DeserializationContext context) {
    if (!parser.hasToken(JsonToken.VALUE_STRING)) {
      return (Instant) context.handleUnexpectedToken(Instant.class, parser);
    }
    try {
      return TimeInput.parse(parser.getString());
    } catch (DateTimeException e) {
      throw new RefusedValueException(parser, e.getMessage());
    }
  }
}
