package io.lezflow.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.portal.PortalFixture.Seed;
import io.lezflow.portal.auth.Role;
import io.lezflow.portal.evidence.EvidenceImages;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The real UI in headless Chromium (Debian's chromium + chromedriver): log in, filter the queue,
 * open a violation with its image, approve it, see it leave the queue; look at the charts.
 * Screenshots go to target/screenshots for a human to review.
 */
class PortalBrowserTest {
  private static PortalFixture f;
  private static WebDriver browser;
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final Instant T0 = Instant.now().minus(26, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

  @BeforeAll
  static void start() throws Exception {
    f = new PortalFixture();
    byte[] plate = plateImage("1-ABC-123");
    String sha = EvidenceImages.sha256Hex(plate);
    f.putImage(sha, plate);
    f.insert(
        Seed.pending("bru-2026-a1", "cam-n1", T0),
        Seed.pending("bru-2026-a2", "cam-n2", T0.plusSeconds(600)),
        Seed.pending("bru-2026-low", "cam-n2", T0.plusSeconds(1200)).image(sha)
            .review("[Brussels LEZ, policy brussels v2] N1 DIESEL Euro 4 is banned; fine EUR 350.00; needs review: OCR confidence 0.48 below 0.6"),
        Seed.pending("bru-2026-fz", "cam-s1", T0.plusSeconds(1800))
            .review("[Brussels LEZ, policy brussels v2] banned; fine EUR 350.00; needs review: fuzzy match 1A8C123 ~ 1ABC123 (score 1)"),
        Seed.pending("bru-2026-w", "cam-s1", T0.plusSeconds(2400)).asWarning(),
        Seed.pending("ant-2026-b1", "cam-s1", T0.minusSeconds(86_400)).zone("antwerp"));
    // Some earlier decisions, so the charts have something to show.
    f.decide("bru-2026-a2", Role.SUPERVISOR, "approve", "EVIDENCE_CLEAR");
    f.decide("ant-2026-b1", Role.OPERATOR, "reject", "PLATE_MISREAD");

    browser = HeadlessChromium.start("1400,1000");
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.quit();
    if (f != null) f.close();
  }

  @Test
  void reviewAViolationEndToEnd() throws Exception {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    browser.get(f.url("/ui/queue"));
    wait.until(d -> d.getCurrentUrl().endsWith("/login"));
    browser.findElement(By.id("username")).sendKeys("operator");
    browser.findElement(By.id("password")).sendKeys(PortalFixture.PASSWORD);
    browser.findElement(By.id("login")).click();
    wait.until(d -> d.getCurrentUrl().contains("/ui/queue"));
    assertThat(rowIds()).contains("bru-2026-a1", "bru-2026-low", "bru-2026-fz", "bru-2026-w").doesNotContain("bru-2026-a2");
    shot("queue");

    // Filter with htmx: rows are replaced in place.
    new Select(browser.findElement(By.id("f-reason"))).selectByValue("LOW_CONFIDENCE");
    wait.until(d -> rowIds().equals(java.util.List.of("bru-2026-low")));
    shot("queue-filtered");

    browser.findElement(By.cssSelector("tr.qrow[data-id='bru-2026-low'] a.open")).click();
    wait.until(d -> d.findElements(By.id("evidence-image")).size() == 1);
    WebElement img = browser.findElement(By.id("evidence-image"));
    wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("PENDING_REVIEW");
    assertThat(browser.getPageSource()).contains("OCR confidence 0.48 below 0.6").contains("Rue Nord 2").contains("cam-n2:1");
    assertThat(browser.findElements(By.cssSelector("svg.map circle.cam-hit"))).isNotEmpty();
    shot("evidence");

    browser.findElement(By.id("approve")).click();
    wait.until(d -> d.getCurrentUrl().contains("/ui/queue"));
    assertThat(rowIds()).doesNotContain("bru-2026-low").contains("bru-2026-a1");
    assertThat(f.get("/api/v1/violations/bru-2026-low/events", Role.AUDITOR).body())
        .contains("\"actor\":\"operator\"").contains("\"to_status\":\"APPROVED\"");

    // The approved fine's letter, in Dutch, printable.
    browser.get(f.url("/ui/violations/bru-2026-low/letter?lang=nl"));
    wait.until(d -> d.findElements(By.id("letter")).size() == 1);
    assertThat(browser.getPageSource()).contains("Hoe betwisten");
    shot("letter-nl");

    browser.get(f.url("/ui/charts"));
    wait.until(d -> "true".equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.chartsReady")));
    shot("charts");

    browser.get(f.url("/ui/api"));
    wait.until(d -> !d.findElements(By.cssSelector(".swagger-ui .opblock")).isEmpty());
    shot("api");
  }

  private static java.util.List<String> rowIds() {
    // One script call: htmx may swap the rows between two WebDriver calls.
    @SuppressWarnings("unchecked")
    java.util.List<String> ids = (java.util.List<String>) ((JavascriptExecutor) browser).executeScript(
        "return Array.from(document.querySelectorAll('#queue-rows tr.qrow')).map(r => r.dataset.id)");
    return ids;
  }

  private static void shot(String name) throws Exception {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(name + ".png"), png);
  }

  /** A small plate image, as a simulated camera renders one. */
  private static byte[] plateImage(String text) throws Exception {
    BufferedImage img = new BufferedImage(320, 80, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 320, 80);
    g.setColor(new Color(0xB0, 0x10, 0x20));
    g.setStroke(new java.awt.BasicStroke(4));
    g.drawRect(4, 4, 311, 71);
    g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 44));
    g.drawString(text, 30, 55);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
