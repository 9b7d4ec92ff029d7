package io.lezflow.rules.ledger;

import io.lezflow.rules.facts.VehicleHistory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the enforcement keeps for one folded plate key besides the raw inputs: the history of each
 * vehicle of the key in each zone (fines, warnings, day passes used — what fine limits, warning-first
 * and the day-pass allowance need, and what "already emitted" is answered from), and the earliest
 * instant at which each of the key's ending states has something due, so that a timer scans only
 * what is due.
 *
 * <p>The due instants are event time in epoch ms, {@link #NOTHING_DUE} for none. An earliest due
 * may be earlier than the real one (an entry removed outside a scan): that costs one scan that
 * finds nothing, never a missed clean-up.
 *
 * <p>Plain Java and mutable: a stream operator loads one per call, changes it, and stores it once
 * ({@link #encode}/{@link #decode}: a format byte, the named fields in order, then the histories).
 */
public final class VehicleLedger {
  public static final long NOTHING_DUE = Long.MAX_VALUE;
  private static final byte FORMAT = 1;

  /** Earliest capture time of a read held for the watermark. */
  public long heldReadsDueMs = NOTHING_DUE;
  /** Earliest due instant of a candidate waiting for its grace window. */
  public long candidatesDueMs = NOTHING_DUE;
  /** Earliest end of a read id's dedup memory. */
  public long seenReadsDueMs = NOTHING_DUE;
  /** Earliest instant after which a permit of the key can grant nothing more. */
  public long permitsDueMs = NOTHING_DUE;
  /** Earliest instant at which a history entry stops mattering. */
  public long historyDueMs = NOTHING_DUE;
  /** Whether the key may hold permits (most hold none: their permits are never scanned). */
  public boolean holdsPermits;
  /**
   * The last clean-up timer registered for the key, {@link Long#MIN_VALUE} for none: a timer
   * registration is a state write even when the timer exists, and a key's reads mostly fall into
   * the same clean-up slot.
   */
  public long lastCleanupTimerMs = Long.MIN_VALUE;

  /** vehicle key -> zone id -> history. */
  private final TreeMap<String, TreeMap<String, VehicleHistory>> histories = new TreeMap<>();

  /** The history of {@code vehicleKey} in {@code zoneId}; none when nothing is known. */
  public VehicleHistory historyOf(String vehicleKey, String zoneId) {
    TreeMap<String, VehicleHistory> zones = histories.get(vehicleKey);
    VehicleHistory h = zones == null ? null : zones.get(zoneId);
    return h == null ? VehicleHistory.none() : h;
  }

  /** Replaces the history of {@code vehicleKey} in {@code zoneId} (an empty one is dropped). */
  public void putHistory(String vehicleKey, String zoneId, VehicleHistory history) {
    if (history.isEmpty()) {
      TreeMap<String, VehicleHistory> zones = histories.get(vehicleKey);
      if (zones != null && zones.remove(zoneId) != null && zones.isEmpty()) histories.remove(vehicleKey);
      return;
    }
    histories.computeIfAbsent(vehicleKey, k -> new TreeMap<>()).put(zoneId, history);
  }

  /** Every history of the key: vehicle key -> zone -> history (read-only view). */
  public Map<String, ? extends Map<String, VehicleHistory>> histories() {
    return java.util.Collections.unmodifiableMap(histories);
  }

  public boolean hasHistory() {
    return !histories.isEmpty();
  }

  /** Nothing due, no permits, no history: the key needs no ledger value at all. */
  public boolean isEmpty() {
    return heldReadsDueMs == NOTHING_DUE && candidatesDueMs == NOTHING_DUE && seenReadsDueMs == NOTHING_DUE
        && permitsDueMs == NOTHING_DUE && historyDueMs == NOTHING_DUE && !holdsPermits && histories.isEmpty();
  }

  // ---- state format ----

  public static VehicleLedger decode(byte[] bytes) {
    VehicleLedger l = new VehicleLedger();
    if (bytes == null || bytes.length == 0) return l;
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT) throw new IOException("unknown vehicle ledger format " + format);
      l.heldReadsDueMs = in.readLong();
      l.candidatesDueMs = in.readLong();
      l.seenReadsDueMs = in.readLong();
      l.permitsDueMs = in.readLong();
      l.historyDueMs = in.readLong();
      l.holdsPermits = in.readBoolean();
      l.lastCleanupTimerMs = in.readLong();
      int vehicles = in.readInt();
      for (int v = 0; v < vehicles; v++) {
        String vehicleKey = in.readUTF();
        int zones = in.readInt();
        for (int z = 0; z < zones; z++) {
          String zoneId = in.readUTF();
          List<LocalDate> fines = days(in);
          List<LocalDate> warnings = days(in);
          List<LocalDate> passes = days(in);
          l.putHistory(vehicleKey, zoneId, new VehicleHistory(fines, warnings, passes));
        }
      }
    } catch (IOException e) {
      // Only this class writes the value: a failure here is a corrupt state, not bad input.
      throw new UncheckedIOException("vehicle ledger in state does not decode", e);
    }
    return l;
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(heldReadsDueMs);
      out.writeLong(candidatesDueMs);
      out.writeLong(seenReadsDueMs);
      out.writeLong(permitsDueMs);
      out.writeLong(historyDueMs);
      out.writeBoolean(holdsPermits);
      out.writeLong(lastCleanupTimerMs);
      out.writeInt(histories.size());
      for (Map.Entry<String, TreeMap<String, VehicleHistory>> v : histories.entrySet()) {
        out.writeUTF(v.getKey());
        out.writeInt(v.getValue().size());
        for (Map.Entry<String, VehicleHistory> z : v.getValue().entrySet()) {
          out.writeUTF(z.getKey());
          days(out, z.getValue().fineDays());
          days(out, z.getValue().warningDays());
          days(out, z.getValue().dayPassDays());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  private static List<LocalDate> days(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<LocalDate> days = new ArrayList<>(n);
    for (int i = 0; i < n; i++) days.add(LocalDate.ofEpochDay(in.readInt()));
    return days;
  }

  private static void days(DataOutputStream out, List<LocalDate> days) throws IOException {
    out.writeInt(days.size());
    for (LocalDate d : days) out.writeInt((int) d.toEpochDay());
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof VehicleLedger other)) return false;
    return heldReadsDueMs == other.heldReadsDueMs && candidatesDueMs == other.candidatesDueMs
        && seenReadsDueMs == other.seenReadsDueMs && permitsDueMs == other.permitsDueMs
        && historyDueMs == other.historyDueMs && holdsPermits == other.holdsPermits
        && lastCleanupTimerMs == other.lastCleanupTimerMs && histories.equals(other.histories);
  }

  @Override
  public int hashCode() {
    return Objects.hash(heldReadsDueMs, candidatesDueMs, seenReadsDueMs, histories.keySet());
  }

  /** Without vehicle keys: this string may end up in a log line. */
  @Override
  public String toString() {
    return "VehicleLedger{vehicles with history=" + histories.size() + ", heldReadsDue=" + heldReadsDueMs
        + ", candidatesDue=" + candidatesDueMs + ", seenReadsDue=" + seenReadsDueMs + ", permitsDue=" + permitsDueMs
        + ", historyDue=" + historyDueMs + ", holdsPermits=" + holdsPermits + "}";
  }
}
