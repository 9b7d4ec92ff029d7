package io.lezflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.lezflow.schemas.v1.Lezflow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins every field number, name and type of the wire contracts against {@code schema-pins.txt}.
 * A renumbered, reused, retyped or removed field fails here; a new field must be added to the
 * pin file deliberately (append-only).
 */
class SchemaFieldNumbersTest {

  @Test
  void everyPinnedFieldKeepsItsNumberNameAndType() throws IOException {
    List<String> actual = describe(Lezflow.getDescriptor());
    List<String> pinned = pins();
    assertThat(actual)
        .as("a pinned field changed or disappeared: fields are forever, use `reserved` to retire one")
        .containsAll(pinned);
    assertThat(pinned)
        .as("a new field is not pinned yet: append it to schema-pins.txt")
        .containsAll(actual);
  }

  @Test
  void noFieldNumberIsUsedTwiceInOneMessage() {
    for (Descriptor message : Lezflow.getDescriptor().getMessageTypes()) {
      assertThat(message.getFields().stream().map(FieldDescriptor::getNumber))
          .as(message.getName())
          .doesNotHaveDuplicates();
    }
  }

  static List<String> describe(FileDescriptor file) {
    List<String> lines = new ArrayList<>();
    for (Descriptor message : file.getMessageTypes()) {
      for (FieldDescriptor field : message.getFields()) {
        String type =
            switch (field.getJavaType()) {
              case MESSAGE -> field.getMessageType().getName();
              case ENUM -> field.getEnumType().getName();
              default -> field.getType().name().toLowerCase();
            };
        lines.add(message.getName() + "." + field.getName() + "=" + field.getNumber() + " "
            + (field.isRepeated() ? "repeated " : "") + type);
      }
    }
    for (EnumDescriptor e : file.getEnumTypes()) {
      for (EnumValueDescriptor value : e.getValues()) {
        lines.add(e.getName() + "." + value.getName() + "=" + value.getNumber());
      }
    }
    return lines;
  }

  private static List<String> pins() throws IOException {
    try (InputStream in = SchemaFieldNumbersTest.class.getResourceAsStream("/schema-pins.txt")) {
      assertThat(in).as("schema-pins.txt on the test classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    }
  }
}
