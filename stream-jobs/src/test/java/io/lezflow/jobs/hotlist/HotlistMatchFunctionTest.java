package io.lezflow.jobs.hotlist;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.schemas.plates.VehicleHmac;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads against hotlists in broadcast state: own zone's cameras only, OCR-confusion-aware, expired entries stop matching. */
class HotlistMatchFunctionTest {
  static final String SECRET = "the-current-sightings-secret-2026";
  static final VehicleHmac KEY = new VehicleHmac(SECRET);
  static final long NOW = 1_781_000_000_000L;

  BroadcastOperatorTestHarness<ReadEvent, HotlistReference, HotlistAlertRecord> harness;

  @BeforeEach
  void open() throws Exception {
    harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new HotlistMatchFunction(SECRET, null),
        HotlistMatchFunction.ENTRIES, HotlistMatchFunction.CAMERAS);
    harness.setProcessingTime(NOW);
    harness.processBroadcastElement(HotlistReference.camera("bru-cam-0001", "5339", 50.85, 4.35, true), 0);
    harness.processBroadcastElement(HotlistReference.camera("bru-cam-0002", "5340", 50.86, 4.30, true), 0);
    harness.processBroadcastElement(HotlistReference.entry("hl-1", "5339", KEY.keyId(), KEY.exact("BE:1ABC234"),
        KEY.folded("BE:1ABC234"), "PV BR.55.L1.1234/26", "stolen vehicle", NOW + 60_000, false), 0);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  static ReadEvent read(String readId, String camera, String vehicleKey, long capturedAtMs) {
    return new ReadEvent(readId, camera, capturedAtMs, "not logged", "BE", vehicleKey, 0.9f, "img/" + readId, "ab".repeat(32), capturedAtMs);
  }

  @Test
  void aListedPlateAtACameraOfTheZoneAlertsExactOrOcrFolded() throws Exception {
    harness.processElement(read("bru-cam-0001:1", "bru-cam-0001", "BE:1ABC234", NOW - 1_000), NOW);
    harness.processElement(read("bru-cam-0001:2", "bru-cam-0001", "BE:1A8C234", NOW - 500), NOW);
    harness.processElement(read("bru-cam-0001:3", "bru-cam-0001", "BE:9XYZ999", NOW - 400), NOW);

    assertThat(harness.extractOutputValues()).extracting(a -> a.alertId + " " + a.match + " " + a.reference)
        .containsExactly("hl-1/bru-cam-0001:1 EXACT PV BR.55.L1.1234/26", "hl-1/bru-cam-0001:2 OCR_FOLDED PV BR.55.L1.1234/26");
  }

  @Test
  void anotherZonesCameraOrAnExpiredOrRemovedEntryDoesNotAlert() throws Exception {
    harness.processElement(read("bru-cam-0002:1", "bru-cam-0002", "BE:1ABC234", NOW - 1_000), NOW);
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.setProcessingTime(NOW + 60_000);
    harness.processElement(read("bru-cam-0001:9", "bru-cam-0001", "BE:1ABC234", NOW + 59_000), NOW);
    assertThat(harness.extractOutputValues()).as("expired at its expiry, with no change needed").isEmpty();

    harness.setProcessingTime(NOW);
    harness.processBroadcastElement(HotlistReference.entry("hl-1", "5339", KEY.keyId(), KEY.exact("BE:1ABC234"),
        KEY.folded("BE:1ABC234"), "PV", "stolen vehicle", NOW + 60_000, true), 0);
    harness.processElement(read("bru-cam-0001:10", "bru-cam-0001", "BE:1ABC234", NOW - 100), NOW);
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.getBroadcastState(HotlistMatchFunction.ENTRIES).entries()).isEmpty();
  }
}
