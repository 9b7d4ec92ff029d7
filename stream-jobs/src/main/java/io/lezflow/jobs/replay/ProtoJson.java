package io.lezflow.jobs.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * One JSON object to a Protobuf message of lezflow.proto, by the message's own field names, so
 * that replay files need no schema of their own. Plain Java over protobuf-java's descriptors (no
 * extra JSON library for Protobuf).
 *
 * <p>Accepted: the proto field name ({@code read_id}) or its lowerCamelCase JSON name ({@code
 * readId}); numbers as JSON numbers or numeric strings; enums by name ({@code FUEL_DIESEL}) or
 * number; nested messages as objects; repeated fields as arrays; bytes as base64. A convenience for
 * hand-written files: an int64 field whose name ends in {@code _ms} also takes an ISO-8601 instant
 * ({@code "2026-03-10T09:15:00+01:00"} or {@code "2026-03-10T08:15:00Z"}). Anything else — an
 * unknown field, a wrong type — is an error that names the field.
 */
public final class ProtoJson {
  private ProtoJson() {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Thrown for a line that is not a valid object of the message; the message says what is wrong. */
  public static final class InvalidJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidJsonException(String message) {
      super(message);
    }
  }

  /** Merges the JSON object {@code json} into {@code builder}. */
  public static <B extends Message.Builder> B merge(String json, B builder) throws InvalidJsonException {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidJsonException("not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) throw new InvalidJsonException("not a JSON object");
    mergeObject(node, builder, "");
    return builder;
  }

  private static void mergeObject(JsonNode object, Message.Builder builder, String path) throws InvalidJsonException {
    Descriptor type = builder.getDescriptorForType();
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      String name = entry.getKey();
      FieldDescriptor field = type.findFieldByName(name);
      if (field == null) {
        for (FieldDescriptor f : type.getFields()) {
          if (f.getJsonName().equals(name)) field = f;
        }
      }
      String at = path + name;
      if (field == null) {
        throw new InvalidJsonException("unknown field '" + at + "' of " + type.getName() + " (fields: "
            + String.join(", ", type.getFields().stream().map(FieldDescriptor::getName).toList()) + ")");
      }
      JsonNode value = entry.getValue();
      if (value.isNull()) continue;
      if (field.isRepeated()) {
        if (!value.isArray()) throw new InvalidJsonException("field '" + at + "' must be an array");
        for (JsonNode element : value) builder.addRepeatedField(field, value(element, field, builder, at));
      } else {
        builder.setField(field, value(value, field, builder, at));
      }
    }
  }

  private static Object value(JsonNode node, FieldDescriptor field, Message.Builder parent, String at)
      throws InvalidJsonException {
    try {
      return switch (field.getJavaType()) {
        case STRING -> {
          if (!node.isTextual()) throw new InvalidJsonException("field '" + at + "' must be a string");
          yield node.textValue();
        }
        case BOOLEAN -> {
          if (!node.isBoolean()) throw new InvalidJsonException("field '" + at + "' must be true or false");
          yield node.booleanValue();
        }
        case INT -> (int) integer(node, at, field,
            unsigned(field) ? BigInteger.ZERO : BigInteger.valueOf(Integer.MIN_VALUE),
            unsigned(field) ? BigInteger.valueOf(0xFFFF_FFFFL) : BigInteger.valueOf(Integer.MAX_VALUE));
        case LONG -> integer(node, at, field,
            unsigned(field) ? BigInteger.ZERO : BigInteger.valueOf(Long.MIN_VALUE),
            unsigned(field) ? BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE) : BigInteger.valueOf(Long.MAX_VALUE));
        case FLOAT -> (float) decimal(node, at);
        case DOUBLE -> decimal(node, at);
        case ENUM -> enumValue(node, field, at);
        case BYTE_STRING -> {
          if (!node.isTextual()) throw new InvalidJsonException("field '" + at + "' must be a base64 string");
          yield ByteString.copyFrom(Base64.getDecoder().decode(node.textValue()));
        }
        case MESSAGE -> {
          if (!node.isObject()) throw new InvalidJsonException("field '" + at + "' must be an object");
          Message.Builder nested = parent.newBuilderForField(field);
          mergeObject(node, nested, at + ".");
          yield nested.build();
        }
      };
    } catch (IllegalArgumentException e) {
      throw new InvalidJsonException("field '" + at + "': " + e.getMessage());
    }
  }

  private static boolean unsigned(FieldDescriptor field) {
    return switch (field.getType()) {
      case UINT32, FIXED32, UINT64, FIXED64 -> true;
      default -> false;
    };
  }

  /** A whole number in [min, max]; unsigned values above the signed range come back as their two's complement (as protobuf-java stores them). */
  private static long integer(JsonNode node, String at, FieldDescriptor field, BigInteger min, BigInteger max)
      throws InvalidJsonException {
    BigInteger value;
    if (node.isIntegralNumber()) {
      value = node.bigIntegerValue();
    } else if (node.isTextual()) {
      String text = node.textValue().trim();
      if (text.matches("-?\\d+")) {
        value = new BigInteger(text);
      } else if (field.getName().endsWith("_ms") && field.getJavaType() == FieldDescriptor.JavaType.LONG) {
        value = BigInteger.valueOf(instant(text, at));
      } else {
        throw new InvalidJsonException("field '" + at + "' must be a whole number, was '" + text + "'");
      }
    } else {
      throw new InvalidJsonException("field '" + at + "' must be a whole number");
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new InvalidJsonException("field '" + at + "' is out of range: " + value);
    }
    return value.longValue();
  }

  private static long instant(String text, String at) throws InvalidJsonException {
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text).toEpochMilli();
      } catch (DateTimeParseException e2) {
        throw new InvalidJsonException("field '" + at + "' must be epoch milliseconds or an ISO-8601 instant with offset, was '" + text + "'");
      }
    }
  }

  private static double decimal(JsonNode node, String at) throws InvalidJsonException {
    if (node.isNumber()) return node.doubleValue();
    if (node.isTextual()) {
      try {
        return Double.parseDouble(node.textValue().trim());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new InvalidJsonException("field '" + at + "' must be a number");
  }

  private static EnumValueDescriptor enumValue(JsonNode node, FieldDescriptor field, String at) throws InvalidJsonException {
    EnumValueDescriptor value = null;
    if (node.isTextual()) value = field.getEnumType().findValueByName(node.textValue());
    else if (node.isIntegralNumber()) value = field.getEnumType().findValueByNumber(node.intValue());
    if (value == null) {
      throw new InvalidJsonException("field '" + at + "' must be one of "
          + field.getEnumType().getValues().stream().map(EnumValueDescriptor::getName).toList() + ", was " + node);
    }
    return value;
  }
}
