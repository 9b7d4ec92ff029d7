package io.lezflow.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The police pages in headless Chromium: a police user searches a plate with a reason and sees the
 * hits on the map and the timeline; a search beyond the month is refused on the page; a live alert
 * arrives over server-sent events; a plate is listed, imported from CSV and removed; the auditor
 * sees every search and an intact chain. Screenshots go to target/screenshots for a human to review.
 */
class PoliceBrowserTest {
  private static PoliceFixture f;
  private static WebDriver browser;
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final String VEHICLE = "BE:2ABC345";
  /** One passage through four cameras, an earlier one through two, a misread (OCR-confusable 2A8C345) at a seventh. */
  private static final Set<String> HIT_CAMERAS = Set.of("cam-n1", "cam-n3", "cam-n4", "cam-n5", "cam-n2", "cam-n6", "cam-n7");
  private static final int SIGHTINGS = 8;

  @BeforeAll
  static void start() throws Exception {
    f = new PoliceFixture();
    Instant morning = NOW.minus(5, ChronoUnit.HOURS);
    f.sighting(VEHICLE, "cam-n2", morning);
    f.sighting(VEHICLE, "cam-n6", morning.plusSeconds(420));
    Instant later = NOW.minus(2, ChronoUnit.HOURS);
    f.sighting(VEHICLE, "cam-n1", later);
    f.sighting(VEHICLE, "cam-n3", later.plusSeconds(180));
    f.sighting(VEHICLE, "cam-n4", later.plusSeconds(420));
    f.sighting(VEHICLE, "cam-n5", later.plusSeconds(660));
    f.sighting("BE:2A8C345", "cam-n7", NOW.minus(3, ChronoUnit.HOURS));
    f.sighting("BE:2A8C345", "cam-n7", NOW.minus(3, ChronoUnit.HOURS).plusSeconds(30));
    f.sighting(VEHICLE, "cam-s1", later.plusSeconds(900)); // the south zone's: never shown to pz-north
    f.alert("al-earlier", "pz-north", "cam-n4", NOW.minus(20, ChronoUnit.MINUTES));

    browser = HeadlessChromium.start("1400,1500");
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.quit();
    if (f != null) f.close();
  }

  @Test
  void policeSearchAlertsHotlistAndAudit() throws Exception {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    // A form post replaces the page: a check that races the navigation is tried again, not failed.
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    wait.ignoring(org.openqa.selenium.JavascriptException.class);
    login(wait, "police");

    // Search with a reason: the hits on the map and on the timeline.
    browser.get(f.portal.url("/ui/police/search"));
    wait.until(d -> d.findElements(By.id("search-form")).size() == 1);
    assertThat(browser.findElement(By.id("profile")).getText()).contains("administrative");
    browser.findElement(By.id("s-plate")).sendKeys("2-abc-345");
    browser.findElement(By.id("s-reason")).sendKeys("Robbery at Place Nord, PV BR.2026.117");
    browser.findElement(By.id("search")).click();
    wait.until(d -> d.findElements(By.id("summary")).size() == 1);
    assertThat(browser.findElement(By.id("summary")).getText()).contains(SIGHTINGS + " sightings in 3 passages");
    assertThat(strings("return Array.from(document.querySelectorAll('svg.police-map circle.cam-hit')).map(c => c.dataset.camera)"))
        .containsExactlyInAnyOrderElementsOf(HIT_CAMERAS);
    assertThat(strings("return Array.from(document.querySelectorAll('svg.police-map circle.cam:not(.cam-hit)')).map(c => c.dataset.camera)"))
        .containsExactlyInAnyOrder("cam-n8", "cam-n9"); // the zone's other cameras; none of another zone is drawn
    assertThat(strings("return Array.from(document.querySelectorAll('svg.timeline circle.tl-hit')).map(c => c.dataset.camera)"))
        .hasSize(SIGHTINGS).containsAll(HIT_CAMERAS).doesNotContain("cam-s1");
    assertThat(browser.findElements(By.cssSelector("svg.police-map polyline.route"))).hasSize(2);
    assertThat(browser.getPageSource()).contains("OCR-confusable").contains("cam-n1 → cam-n3 → cam-n4 → cam-n5").doesNotContain("cam-s1");
    shot("police-search");

    // Beyond the month, as an administrative user: refused, clearly, and audited.
    String twoMonthsAgo = LocalDateTime.now(ZoneId.of("Europe/Brussels")).minusDays(62).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
    ((JavascriptExecutor) browser).executeScript("document.getElementById('s-from').value = arguments[0]", twoMonthsAgo);
    browser.findElement(By.id("search")).click();
    wait.until(d -> d.findElements(By.id("refusal")).size() == 1);
    assertThat(browser.findElement(By.id("refusal")).getText()).contains("Search refused").contains("BEYOND_ADMINISTRATIVE_MONTH")
        .contains("only cover the last month").contains("audit log");
    assertThat(browser.findElements(By.id("summary"))).isEmpty();
    shot("police-search-refused");

    // Live alerts over server-sent events.
    browser.get(f.portal.url("/ui/police/alerts"));
    wait.until(d -> "true".equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.streamOpen")));
    assertThat(browser.findElements(By.cssSelector("tr.alert-row[data-alert='al-earlier']"))).hasSize(1);
    f.alert("al-live", "pz-north", "cam-n5", Instant.now());
    f.alert("al-live-south", "pz-south", "cam-s1", Instant.now());
    wait.until(d -> d.findElements(By.cssSelector("tr.alert-row[data-alert='al-live']")).size() == 1);
    String live = browser.findElement(By.cssSelector("tr.alert-row[data-alert='al-live']")).getText();
    assertThat(live).contains("cam-n5").contains("PV al-live").matches("(?s)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d.*");
    assertThat(browser.findElements(By.cssSelector("svg.police-map circle.cam-alert[data-camera='cam-n5']"))).hasSize(1);
    assertThat(browser.findElements(By.cssSelector("tr.alert-row[data-alert='al-live-south']"))).isEmpty();
    shot("police-alerts");

    // Hotlist: list one plate, import two from CSV (one line refused), remove one.
    browser.get(f.portal.url("/ui/police/hotlist"));
    browser.findElement(By.id("h-plate")).sendKeys("1-HOT-777");
    browser.findElement(By.id("h-reason")).sendKeys("stolen vehicle");
    browser.findElement(By.id("h-reference")).sendKeys("PV BR.2026.900");
    browser.findElement(By.id("hotlist-add-submit")).click();
    wait.until(d -> flash().contains("listed PV BR.2026.900"));
    Path csv = Files.createTempFile("hotlist-", ".csv");
    String expires = java.time.LocalDate.now().plusDays(20).toString();
    Files.writeString(csv, "plate,country,reason,reference,expires\n1-CSV-001,BE,missing person,PV CSV 1," + expires
        + "\n1-CSV-002,BE,stolen vehicle,PV CSV 2," + expires + "\n1-CSV-003,BE,no expiry,PV CSV 3,someday\n");
    browser.findElement(By.id("h-csv")).sendKeys(csv.toAbsolutePath().toString());
    browser.findElement(By.id("hotlist-import-submit")).click();
    wait.until(d -> flash().contains("Imported 2 entries"));
    assertThat(flash()).contains("line 4: expires must be a date");
    assertThat(browser.findElement(By.id("hotlist")).getText()).contains("PV BR.2026.900").contains("PV CSV 1").contains("PV CSV 2")
        .doesNotContain("HOT").doesNotContain("CSV-00");
    var row = browser.findElement(By.xpath("//table[@id='hotlist']//tr[td[text()='PV CSV 2']]"));
    row.findElement(By.name("reason")).sendKeys("vehicle found");
    row.findElement(By.cssSelector("button.no")).click();
    wait.until(d -> flash().contains("removed"));
    assertThat(browser.findElement(By.id("hotlist")).getText()).doesNotContain("PV CSV 2").contains("PV CSV 1");
    shot("police-hotlist");

    // The zone's cameras with their health.
    browser.get(f.portal.url("/ui/police/cameras"));
    wait.until(d -> d.findElements(By.id("cameras")).size() == 1);
    assertThat(browser.findElement(By.id("camera-summary")).getText()).isEqualTo("9 cameras, 1 offline");
    assertThat(browser.findElement(By.cssSelector("tr.camera[data-camera='cam-n9']")).getText()).contains("OFFLINE");
    assertThat(browser.findElements(By.cssSelector("svg.police-map circle.state-offline[data-camera='cam-n9']"))).hasSize(1);
    assertThat(browser.findElements(By.cssSelector("tr.camera[data-camera='cam-s1']"))).isEmpty();
    shot("police-cameras");

    // The auditor: every search, allowed and refused, and the hotlist changes; the chain is intact.
    browser.findElement(By.cssSelector("form.logout button")).click();
    wait.until(d -> d.getCurrentUrl().endsWith("/login"));
    login(wait, "auditor");
    browser.get(f.portal.url("/ui/audit?police_zone=pz-north"));
    wait.until(d -> d.findElements(By.id("chain")).size() == 1);
    assertThat(browser.findElement(By.id("chain")).getText()).contains("Chain intact");
    String audit = browser.findElement(By.id("audit")).getText();
    assertThat(audit).contains("Robbery at Place Nord").contains("BEYOND_ADMINISTRATIVE_MONTH").contains("HOTLIST_ADD").contains("HOTLIST_REMOVE")
        .doesNotContain("2ABC345").doesNotContain("1HOT777");
    assertThat(browser.findElements(By.cssSelector("tr.audit-row.refused"))).isNotEmpty();
    shot("police-audit");
  }

  private static void login(WebDriverWait wait, String user) {
    browser.get(f.portal.url("/login"));
    browser.findElement(By.id("username")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(PortalFixture.PASSWORD);
    browser.findElement(By.id("login")).click();
    wait.until(d -> d.getCurrentUrl().contains("/ui/"));
  }

  /** The page's flash message, read in one script call: the page may be replaced between two WebDriver calls. */
  private static String flash() {
    Object text = ((JavascriptExecutor) browser).executeScript("var e = document.getElementById('flash'); return e ? e.textContent : ''");
    return text == null ? "" : text.toString();
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(String script) {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(script);
  }

  private static void shot(String name) throws Exception {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(name + ".png"), png);
  }
}
