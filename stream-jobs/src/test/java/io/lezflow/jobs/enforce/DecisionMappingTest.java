package io.lezflow.jobs.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.jobs.kafka.KafkaSinks;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.jobs.records.ViolationRecord;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.RejectReason;
import io.lezflow.schemas.v1.Rejected;
import io.lezflow.schemas.v1.Violation;
import io.lezflow.schemas.v1.ViolationType;
import org.junit.jupiter.api.Test;

class DecisionMappingTest {

  @Test
  void aViolationRecordBecomesTheWireViolationFieldForField() {
    Violation wire = Violation.newBuilder().setViolationId("brussels-2026-11-02-x").setZoneId("brussels")
        .setVehicleKey("BE:1ABC234").setEnforcementDay("2026-11-02").setType(ViolationType.VIOLATION_TYPE_UNREGISTERED_FOREIGN)
        .addReadIds("c:1").addReadIds("c:2").setFirstSeenMs(1_000L).setCameraId("c").setPolicyVersion(3)
        .setRule("brussels@v3:foreign-registration").setFineCents(15_000).setCurrency("EUR").setWarningOnly(false)
        .setNeedsReview(true).setExplanation("why").setPlateText("1ABC234").setCountry("BE").setConfidence(0.7f)
        .setImageSha256("ab".repeat(32)).setFineableFrom("2026-12-01").build();
    ViolationRecord record = new ViolationRecord();
    record.violationId = "brussels-2026-11-02-x";
    record.zoneId = "brussels";
    record.vehicleKey = "BE:1ABC234";
    record.enforcementDay = "2026-11-02";
    record.violationType = "UNREGISTERED_FOREIGN";
    record.readIds = new String[] {"c:1", "c:2"};
    record.firstSeenAtMs = 1_000L;
    record.cameraId = "c";
    record.policyVersion = 3;
    record.rule = "brussels@v3:foreign-registration";
    record.fineCents = 15_000;
    record.currency = "EUR";
    record.needsReview = true;
    record.explanation = "why";
    record.plateText = "1ABC234";
    record.country = "BE";
    record.confidence = 0.7f;
    record.imageSha256 = "ab".repeat(32);
    record.fineableFrom = "2026-12-01";

    assertThat(io.lezflow.jobs.kafka.WireMapping.toProto(record)).isEqualTo(wire);
  }

  @Test
  void aLateReadIsDeadLetteredAsCaptureTooOldWithTheReadInside() throws Exception {
    ReadEvent read = new ReadEvent("c:9", "c", 1_000L, "1-ABC-234", "BE", "BE:1ABC234", 0.9f, "img", "ab".repeat(32), 1_500L);

    Rejected dead = KafkaSinks.LateReadSerializer.deadLetter(read, 5_000L);

    assertThat(dead.getReason()).isEqualTo(RejectReason.REJECT_REASON_CAPTURE_TOO_OLD);
    assertThat(dead.getCameraId()).isEqualTo("c");
    assertThat(dead.getGatewayId()).isEqualTo(KafkaSinks.DEAD_LETTER_ORIGIN);
    PlateRead inside = PlateRead.parseFrom(dead.getRawPayload());
    assertThat(inside.getReadId()).isEqualTo("c:9");
    assertThat(inside.getCapturedAtMs()).isEqualTo(1_000L);
    assertThat(inside.getPlateText()).isEqualTo("1-ABC-234");
    assertThat(inside.getEvidence().getImageSha256()).isEqualTo("ab".repeat(32));
  }
}
