package io.lezflow.sim.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CameraImageStoreTest {
  private static final long T0 = 1_764_000_000_000L;
  private static final long DAY = Duration.ofDays(1).toMillis();

  /** A clock the test moves by hand. */
  static final class FakeClock extends Clock {
    final AtomicLong millis = new AtomicLong(T0);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  @ParameterizedTest(name = "retention {0} d, {1} ms after capture -> kept {2}")
  @CsvSource({
      "1, 0,         true",
      "1, 86400000,  true",
      "1, 86400001,  false",
      "7, 518400000, true",
      "7, 604800001, false",
  })
  void anImageIsServedForTheRetentionPeriodAndPurgedAfter(int retentionDays, long age, boolean kept) {
    FakeClock clock = new FakeClock();
    CameraImageStore store = new CameraImageStore(retentionDays, 1 << 20, clock);
    store.put("cam/1.png", new byte[] {1, 2, 3}, T0);

    clock.millis.addAndGet(age);

    assertThat(store.get("cam/1.png").isPresent()).isEqualTo(kept);
    assertThat(store.purgeExpired()).isEqualTo(kept ? 0 : 1);
    assertThat(store.size()).isEqualTo(kept ? 1 : 0);
    assertThat(store.bytes()).isEqualTo(kept ? 3 : 0);
  }

  @Test
  void thePurgeRemovesOnlyWhatIsOlderThanTheRetention() {
    FakeClock clock = new FakeClock();
    CameraImageStore store = new CameraImageStore(2, 1 << 20, clock);
    for (int day = 0; day < 5; day++) store.put("cam/" + day + ".png", new byte[10], T0 + day * DAY);

    clock.millis.set(T0 + 4 * DAY);

    assertThat(store.purgeExpired()).isEqualTo(2);
    assertThat(store.get("cam/1.png")).isEmpty();
    assertThat(store.get("cam/2.png")).isPresent();
    assertThat(store.size()).isEqualTo(3);
  }

  @Test
  void aFullStoreOverwritesItsOldestImages() {
    CameraImageStore store = new CameraImageStore(7, 25, new FakeClock());
    for (int i = 0; i < 4; i++) store.put("cam/" + i + ".png", new byte[10], T0 + i);

    assertThat(store.get("cam/0.png")).isEmpty();
    assertThat(store.get("cam/1.png")).isEmpty();
    assertThat(store.get("cam/3.png")).isPresent();
    assertThat(store.bytes()).isEqualTo(20);
  }

  @Test
  void aRetentionOfLessThanADayIsRefused() {
    assertThatThrownBy(() -> new CameraImageStore(0, 1, new FakeClock())).hasMessageContaining("1..3650 days");
  }

  @Test
  void theEndpointServesStoredImagesOnly() throws Exception {
    CameraImageStore store = new CameraImageStore(7, 1 << 20, new FakeClock());
    store.put("bru-cam-0001/5.png", new byte[] {9, 8, 7}, T0);
    HttpClient http = HttpClient.newHttpClient();
    try (CameraImageServer server = CameraImageServer.start(store, 0)) {
      HttpResponse<byte[]> ok = http.send(get(server, "/images/bru-cam-0001/5.png"), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).containsExactly(9, 8, 7);
      assertThat(ok.headers().firstValue("Content-Type")).contains("image/png");
      assertThat(http.send(get(server, "/images/bru-cam-0001/6.png"), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
      assertThat(http.send(get(server, "/images/../etc/passwd"), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
      HttpRequest post = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/images/bru-cam-0001/5.png"))
          .POST(HttpRequest.BodyPublishers.noBody()).build();
      assertThat(http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
    }
  }

  private static HttpRequest get(CameraImageServer server, String path) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET().build();
  }
}
