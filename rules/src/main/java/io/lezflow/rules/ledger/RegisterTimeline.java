package io.lezflow.rules.ledger;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The register entries of one folded plate key as a timeline, not a last-write-wins map: per
 * vehicle key, every version with the instant it is valid from (the register's {@code
 * updated_at}), so that a read is decided against the entry valid at its capture time, whatever
 * the order in which the entries arrived. A plate that moves to another vehicle (re-registration)
 * is two versions; a vehicle that leaves the register is a version without an entry.
 *
 * <p>Which version applies at instant t: the latest valid from at or before t; when every version
 * is after t (the read overtook its register entry, or the register gives no time), the earliest —
 * unless that is a removal. Versions are opaque bytes (the register's wire record): this class
 * only keeps time.
 *
 * <p>Plain Java, mutable, one instance per state value; {@link #encode}/{@link #decode} are its
 * state format: a format byte, entry count, then per vehicle key its versions (valid-from ms,
 * length, bytes; length -1 for a removal).
 */
public final class RegisterTimeline {
  private static final byte FORMAT = 1;

  /** One version of one vehicle key's register entry; {@code entry} null when the vehicle left the register. */
  public record Version(long validFromMs, byte[] entry) {
    public boolean removed() {
      return entry == null;
    }
  }

  private final TreeMap<String, List<Version>> versions = new TreeMap<>();

  public boolean isEmpty() {
    return versions.isEmpty();
  }

  /** Adds (or replaces, same valid-from) a version of {@code vehicleKey}'s entry. */
  public void put(String vehicleKey, long validFromMs, byte[] entry) {
    List<Version> list = versions.computeIfAbsent(vehicleKey, k -> new ArrayList<>(1));
    int at = 0;
    while (at < list.size() && list.get(at).validFromMs() < validFromMs) at++;
    Version v = new Version(validFromMs, entry);
    if (at < list.size() && list.get(at).validFromMs() == validFromMs) {
      list.set(at, v);
    } else {
      list.add(at, v);
    }
  }

  /**
   * The vehicle left the register at {@code atMs}: reads captured from then on find no entry (kept
   * even before any entry of the vehicle has arrived: the order of arrival does not matter).
   * Without a time ({@code atMs <= 0}) it left for good: every version goes.
   *
   * @return whether anything changed
   */
  public boolean remove(String vehicleKey, long atMs) {
    if (atMs <= 0) return versions.remove(vehicleKey) != null;
    put(vehicleKey, atMs, null);
    return true;
  }

  /** The entry of each vehicle key valid at {@code atMs}, removed ones left out. */
  public Map<String, byte[]> validAt(long atMs) {
    Map<String, byte[]> out = new TreeMap<>();
    for (Map.Entry<String, List<Version>> e : versions.entrySet()) {
      byte[] entry = entryAt(e.getValue(), atMs);
      if (entry != null) out.put(e.getKey(), entry);
    }
    return out;
  }

  /** The entry of {@code vehicleKey} valid at {@code atMs}, or null. */
  public byte[] validAt(String vehicleKey, long atMs) {
    List<Version> list = versions.get(vehicleKey);
    return list == null ? null : entryAt(list, atMs);
  }

  /** Every version of {@code vehicleKey}, earliest first (tests, diagnostics). */
  public List<Version> versionsOf(String vehicleKey) {
    return List.copyOf(versions.getOrDefault(vehicleKey, List.of()));
  }

  /**
   * Forgets what no read at or after {@code oldestDecidableMs} can need: versions superseded by a
   * later one valid at or before it, and vehicles whose last version is a removal before it.
   *
   * @return whether anything was forgotten
   */
  public boolean forgetBefore(long oldestDecidableMs) {
    boolean changed = false;
    Iterator<Map.Entry<String, List<Version>>> it = versions.entrySet().iterator();
    while (it.hasNext()) {
      List<Version> list = it.next().getValue();
      int current = -1;
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i).validFromMs() <= oldestDecidableMs) current = i;
      }
      if (current > 0) {
        list.subList(0, current).clear();
        changed = true;
      }
      if (list.size() == 1 && list.get(0).removed() && list.get(0).validFromMs() <= oldestDecidableMs) {
        it.remove();
        changed = true;
      }
    }
    return changed;
  }

  private static byte[] entryAt(List<Version> list, long atMs) {
    Version chosen = null;
    for (Version v : list) {
      if (v.validFromMs() <= atMs) chosen = v;
      else break;
    }
    if (chosen == null) chosen = list.get(0); // the read overtook every version it has: the earliest
    return chosen.entry();
  }

  // ---- state format ----

  public static RegisterTimeline decode(byte[] bytes) {
    RegisterTimeline t = new RegisterTimeline();
    if (bytes == null || bytes.length == 0) return t;
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT) throw new IOException("unknown register timeline format " + format);
      int keys = in.readInt();
      for (int k = 0; k < keys; k++) {
        String key = in.readUTF();
        int n = in.readInt();
        List<Version> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          long from = in.readLong();
          int length = in.readInt();
          byte[] entry = null;
          if (length >= 0) {
            entry = new byte[length];
            in.readFully(entry);
          }
          list.add(new Version(from, entry));
        }
        t.versions.put(key, list);
      }
    } catch (IOException e) {
      // Only this class writes the value: a failure here is a corrupt state, not bad input.
      throw new UncheckedIOException("register timeline in state does not decode", e);
    }
    return t;
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeInt(versions.size());
      for (Map.Entry<String, List<Version>> e : versions.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(e.getValue().size());
        for (Version v : e.getValue()) {
          out.writeLong(v.validFromMs());
          if (v.entry() == null) {
            out.writeInt(-1);
          } else {
            out.writeInt(v.entry().length);
            out.write(v.entry());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegisterTimeline other && Arrays.equals(encode(), other.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }
}
