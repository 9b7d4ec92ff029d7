package io.lezflow.jobs.enforce;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The register entries of one folded key (vehicle key to VehicleRecord bytes) as one state value.
 *
 * <p>Why not a MapState: every read needs all of them (the exact entry or the closest confusable
 * one), and reading a whole MapState is a RocksDB iterator seek, several times the cost of the
 * single get of a value. A folded key holds one entry, rarely a few, so rewriting the whole value on
 * a register change costs little, and register changes are rare next to reads.
 *
 * <p>Format: entry count, then per entry its vehicle key (modified UTF-8, {@link
 * DataOutputStream#writeUTF}) and its length-prefixed bytes; entries in vehicle key order.
 */
final class RegisterEntries {
  private RegisterEntries() {}

  /** The entries of {@code bytes} ({@code null}: none), in a map the caller may change. */
  static TreeMap<String, byte[]> decode(byte[] bytes) {
    TreeMap<String, byte[]> entries = new TreeMap<>();
    if (bytes == null) return entries;
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String key = in.readUTF();
        byte[] value = new byte[in.readInt()];
        in.readFully(value);
        entries.put(key, value);
      }
    } catch (IOException e) {
      // Only this class writes the value: a failure here is a corrupt state, not bad input.
      throw new UncheckedIOException("register entries in state do not decode", e);
    }
    return entries;
  }

  static byte[] encode(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(entries.size());
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(e.getValue().length);
        out.write(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }
}
