package io.lezflow.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.portal.PortalFixture.Seed;
import io.lezflow.portal.auth.Role;
import io.lezflow.portal.evidence.EvidenceImages;
import io.lezflow.portal.evidence.PackageVerifier;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Export of approved fines exactly once (in a row and at once), and the signed evidence package against every changed byte. */
class ExportAndEvidenceTest {
  private static PortalFixture f;
  private static final Instant T0 = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

  @BeforeAll
  static void start() throws Exception {
    f = new PortalFixture();
  }

  @AfterAll
  static void stop() {
    if (f != null) f.close();
  }

  private static List<String> exportedIds(HttpResponse<String> csv) {
    assertThat(csv.statusCode()).isEqualTo(201);
    List<String> ids = new ArrayList<>();
    String[] lines = csv.body().split("\r\n");
    assertThat(lines[0]).startsWith("batch_id,violation_id,");
    // Only this test's fines (x-...): another test of the class may have approved its own.
    for (int i = 1; i < lines.length; i++) {
      String id = lines[i].split(",")[1];
      if (id.startsWith("x-")) ids.add(id);
    }
    return ids;
  }

  @Test
  void twoExportsInARowAndTwoAtOnceExportEachFineOnce() throws Exception {
    List<Seed> seeds = new ArrayList<>();
    for (int i = 0; i < 40; i++) seeds.add(Seed.pending("x-" + i, "cam-n1", T0.plusSeconds(i)));
    seeds.add(Seed.pending("x-warning", "cam-n1", T0).asWarning());
    f.insert(seeds.toArray(Seed[]::new));
    for (int i = 0; i < 20; i++) assertThat(f.decide("x-" + i, Role.OPERATOR, "approve", "EVIDENCE_CLEAR").statusCode()).isEqualTo(200);
    assertThat(f.decide("x-warning", Role.OPERATOR, "approve", "EVIDENCE_CLEAR").statusCode()).isEqualTo(200);
    assertThat(f.decide("x-39", Role.OPERATOR, "reject", "PLATE_MISREAD").statusCode()).isEqualTo(200);

    List<String> first = exportedIds(f.post("/api/v1/exports", Role.OPERATOR, null));
    List<String> second = exportedIds(f.post("/api/v1/exports", Role.SUPERVISOR, null));
    assertThat(first).hasSize(20).doesNotContain("x-warning", "x-39");
    assertThat(second).isEmpty();

    // An exported fine is not reopened behind the tax office's back.
    assertThat(f.decide("x-0", Role.SUPERVISOR, "reopen", "DECIDED_IN_ERROR").body()).contains("already_exported");

    for (int i = 20; i < 39; i++) assertThat(f.decide("x-" + i, Role.OPERATOR, "approve", "EVIDENCE_CLEAR").statusCode()).isEqualTo(200);
    f.token(Role.SUPERVISOR);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<String>>> runs = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        runs.add(pool.submit(() -> {
          go.await();
          return exportedIds(f.post("/api/v1/exports", i2role(), null));
        }));
      }
      go.countDown();
      List<String> all = new ArrayList<>();
      for (var r : runs) all.addAll(r.get());
      assertThat(all).hasSize(19).doesNotHaveDuplicates();
      Set<String> expected = new HashSet<>();
      for (int i = 20; i < 39; i++) expected.add("x-" + i);
      assertThat(new HashSet<>(all)).isEqualTo(expected);
    } finally {
      pool.shutdownNow();
    }
    // A batch downloads again without exporting anything new.
    String batches = f.get("/api/v1/exports", Role.AUDITOR).body();
    String batchId = batches.replaceAll("(?s).*\"batch_id\":(\\d+),\"created_at\":\"[^\"]+\",\"actor\":\"operator\",\"fines\":\\d+\\}\\]\\}$", "$1");
    var again = f.get("/api/v1/exports/" + batchId, Role.AUDITOR);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains(",x-0,").contains(",x-19,").doesNotContain(",x-20,");
    assertThat(f.get("/api/v1/violations/x-5/events", Role.AUDITOR).body()).contains("\"event\":\"EXPORTED\"");
  }

  private static Role i2role() {
    return Thread.currentThread().getName().hashCode() % 2 == 0 ? Role.OPERATOR : Role.SUPERVISOR;
  }

  @Test
  void evidencePackageVerifiesAndFailsOnAnyChangedByte() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 9, 8, 7};
    String sha = EvidenceImages.sha256Hex(png);
    f.putImage(sha, png);
    f.insert(Seed.pending("e-1", "cam-n2", T0).image(sha));
    assertThat(f.decide("e-1", Role.OPERATOR, "approve", "EVIDENCE_CLEAR").statusCode()).isEqualTo(200);
    byte[] pkg = f.getBytes("/api/v1/violations/e-1/evidence-package", Role.SUPERVISOR).body();
    String sig = f.get("/api/v1/violations/e-1/evidence-package.sig", Role.SUPERVISOR).body();
    String text = new String(pkg, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text).contains("\"format\" : \"lezflow-evidence-package/1\"").contains(sha).contains("\"decision_trail\"")
        .contains("\"policy\"").contains("\"vehicle_key\"").contains(java.util.Base64.getEncoder().encodeToString(png));
    assertThat(PackageVerifier.verify(pkg, sig, null).valid()).isTrue();
    // The same package twice: the signature matches a second download.
    assertThat(f.getBytes("/api/v1/violations/e-1/evidence-package", Role.OPERATOR).body()).isEqualTo(pkg);

    int refused = 0;
    for (int i = 0; i < pkg.length; i++) {
      byte[] changed = Arrays.copyOf(pkg, pkg.length);
      changed[i] ^= 0x01;
      if (!PackageVerifier.verify(changed, sig, null).valid()) refused++;
    }
    assertThat(refused).isEqualTo(pkg.length);
    byte[] sigBytes = java.util.Base64.getDecoder().decode(sig.strip());
    sigBytes[10] ^= 0x01;
    assertThat(PackageVerifier.verify(pkg, java.util.Base64.getEncoder().encodeToString(sigBytes), null).valid()).isFalse();
    assertThat(PackageVerifier.verify(Arrays.copyOf(pkg, pkg.length - 1), sig, null).valid()).isFalse();
  }
}
