package io.lezflow.jobs.hotlist;

import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.schemas.plates.VehicleHmacKeyring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Reads against the hotlists (broadcast state: entries and camera registrations). The index
 * ({@link HotlistIndex}) is a cache of the broadcast state, rebuilt on the first read after a
 * change or a restore, so a read costs a hash and a map lookup, not a scan of the entries.
 * Removed and expired entries leave the state when the next change arrives; until then the index
 * ignores them, so expired entries stop matching on their own, at their expiry.
 */
public final class HotlistMatchFunction extends BroadcastProcessFunction<ReadEvent, HotlistReference, HotlistAlertRecord> {
  private static final long serialVersionUID = 1L;

  static final MapStateDescriptor<String, HotlistReference> ENTRIES =
      new MapStateDescriptor<>("hotlist-entries", Types.STRING, TypeInformation.of(HotlistReference.class));
  static final MapStateDescriptor<String, HotlistReference> CAMERAS =
      new MapStateDescriptor<>("hotlist-cameras", Types.STRING, TypeInformation.of(HotlistReference.class));

  private final String currentSecret;
  private final String previousSecrets;
  private transient VehicleHmacKeyring keyring;
  private transient HotlistIndex index;

  /** @param previousSecrets comma-separated, may be null (see {@link VehicleHmacKeyring#of}) */
  public HotlistMatchFunction(String currentSecret, String previousSecrets) {
    VehicleHmacKeyring.of(currentSecret, previousSecrets); // validates at graph build time
    this.currentSecret = currentSecret;
    this.previousSecrets = previousSecrets;
  }

  @Override
  public void open(OpenContext openContext) {
    keyring = VehicleHmacKeyring.of(currentSecret, previousSecrets);
    index = null;
  }

  @Override
  public void processElement(ReadEvent read, ReadOnlyContext ctx, Collector<HotlistAlertRecord> out) throws Exception {
    if (index == null) {
      List<HotlistReference> entries = new ArrayList<>();
      for (Map.Entry<String, HotlistReference> e : ctx.getBroadcastState(ENTRIES).immutableEntries()) entries.add(e.getValue());
      index = new HotlistIndex(keyring, entries);
    }
    if (index.isEmpty()) return;
    HotlistReference camera = ctx.getBroadcastState(CAMERAS).get(read.cameraId);
    if (camera == null || !camera.active) return;
    long now = ctx.currentProcessingTime();
    for (HotlistIndex.Match m : index.match(read.vehicleKey, camera.policeZone, read.capturedAtMs, now)) {
      HotlistAlertRecord a = new HotlistAlertRecord();
      a.alertId = m.entry().id + "/" + read.readId;
      a.entryId = m.entry().id;
      a.policeZone = m.entry().policeZone;
      a.reference = m.entry().reference;
      a.reason = m.entry().reason;
      a.readId = read.readId;
      a.cameraId = read.cameraId;
      a.capturedAtMs = read.capturedAtMs;
      a.match = m.how();
      a.confidence = read.confidence;
      a.imageKey = read.imageKey;
      a.latitude = camera.latitude;
      a.longitude = camera.longitude;
      a.matchedAtMs = now;
      out.collect(a);
    }
  }

  @Override
  public void processBroadcastElement(HotlistReference ref, Context ctx, Collector<HotlistAlertRecord> out) throws Exception {
    if (HotlistReference.CAMERA.equals(ref.kind)) {
      ctx.getBroadcastState(CAMERAS).put(ref.id, ref);
      return;
    }
    BroadcastState<String, HotlistReference> entries = ctx.getBroadcastState(ENTRIES);
    long now = ctx.currentProcessingTime();
    if (ref.removed || ref.expiresAtMs <= now) {
      entries.remove(ref.id);
    } else {
      entries.put(ref.id, ref);
    }
    // Forget what has expired meanwhile: the state holds live entries only.
    List<String> expired = new ArrayList<>();
    for (Map.Entry<String, HotlistReference> e : entries.entries()) if (e.getValue().expiresAtMs <= now) expired.add(e.getKey());
    for (String id : expired) entries.remove(id);
    index = null;
  }
}
