package io.lezflow.jobs.hotlist;

import io.lezflow.schemas.plates.VehicleHmac;
import io.lezflow.schemas.plates.VehicleHmacKeyring;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The live hotlist entries indexed by (key id, folded hash), and the matching rule, in plain Java:
 * a read matches an entry when the read's folded keyed hash under the entry's key is the entry's
 * folded hash, the camera belongs to the entry's police zone, and the entry has not expired by the
 * read's capture time nor by now. EXACT when the exact hashes are equal too, OCR_FOLDED otherwise.
 * A read is hashed once per key id in use (usually one). Not thread-safe (one per task).
 */
final class HotlistIndex {
  private final VehicleHmacKeyring keyring;
  private final Map<String, VehicleHmac> macs = new HashMap<>();
  private final Map<String, List<HotlistReference>> byFoldHash = new HashMap<>();

  HotlistIndex(VehicleHmacKeyring keyring, Iterable<HotlistReference> entries) {
    this.keyring = keyring;
    for (HotlistReference e : entries) {
      if (e.removed) continue;
      if (!macs.containsKey(e.hmacKeyId)) keyring.byId(e.hmacKeyId).ifPresent(mac -> macs.put(e.hmacKeyId, mac));
      if (!macs.containsKey(e.hmacKeyId)) continue; // a key this job is not given: cannot match (see the rotation runbook)
      byFoldHash.computeIfAbsent(e.hmacKeyId + "/" + HexFormat.of().formatHex(e.vehicleFoldHash), k -> new ArrayList<>()).add(e);
    }
  }

  boolean isEmpty() {
    return byFoldHash.isEmpty();
  }

  /** One match of a read: the entry and how. */
  record Match(HotlistReference entry, String how) {}

  List<Match> match(String vehicleKey, String cameraPoliceZone, long capturedAtMs, long nowMs) {
    if (byFoldHash.isEmpty() || cameraPoliceZone == null) return List.of();
    List<Match> out = new ArrayList<>(1);
    for (Map.Entry<String, VehicleHmac> key : macs.entrySet()) {
      VehicleHmac mac = key.getValue();
      List<HotlistReference> candidates = byFoldHash.get(key.getKey() + "/" + HexFormat.of().formatHex(mac.folded(vehicleKey)));
      if (candidates == null) continue;
      byte[] exact = null;
      for (HotlistReference e : candidates) {
        if (!cameraPoliceZone.equals(e.policeZone) || e.expiresAtMs <= capturedAtMs || e.expiresAtMs <= nowMs) continue;
        if (exact == null) exact = mac.exact(vehicleKey);
        out.add(new Match(e, Arrays.equals(exact, e.vehicleHash) ? "EXACT" : "OCR_FOLDED"));
      }
    }
    return out;
  }
}
