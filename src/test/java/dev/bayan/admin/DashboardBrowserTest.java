package dev.bayan.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bayan.BayanVerticle;
import dev.bayan.ImageEdits;
import dev.bayan.TestGateway;
import dev.bayan.TestImages;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium + chromium-driver) against a real
 * gateway: token entry, a repost's card arriving over the feed, feedback, pause, stats, search,
 * and the error shown when the gateway goes away. Leaves target/dashboard.png for humans.
 */
class DashboardBrowserTest {
  static final String TOKEN = "dashboard-token";

  @TempDir Path dataDir;
  @TempDir Path browserProfile;
  Vertx vertx;
  BayanVerticle gateway;
  ChromeDriver browser;
  WebDriverWait wait;
  final HttpClient http = HttpClient.newHttpClient();
  String base;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    // the router's per-request timeout also fires on an upgraded WebSocket (it stays open, but a
    // spurious 503 is logged): keep the timeout above this test's length
    gateway = TestGateway.start(vertx, TestGateway.config(dataDir, Map.of("bayan.security.adminToken", TOKEN,
            "bayan.http.requestTimeoutMs", "120000")), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        List.of()).await();
    base = "http://127.0.0.1:" + gateway.httpPort();
  }

  static ChromeDriver chromium(Path profile) {
    ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless",
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.quit();
    vertx.close().await();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject check(byte[] image, String query) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/v1/check?" + query))
        .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(image)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private JsonObject adminGet(String path) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + TOKEN));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private WebElement card(String postId) {
    return wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("li.card[data-post-id='" + postId + "']")));
  }

  /**
   * The thumbnail either shows or, when the gateway has none, the card shows the placeholder.
   * Conditional on purpose: a thumbnail exists only when the image stage made one (this branch's
   * stand-in makes none) and a flagged post is not stored, so its thumbnail may not exist at all.
   * What is asked of the page is that it matches what the server serves, either way.
   */
  private void assertThumbnail(WebElement card, String cssClass, String postId) throws Exception {
    WebElement img = card.findElement(By.cssSelector("img." + cssClass));
    String path = "/v1/posts/" + postId + "/thumbnail";
    assertThat(img.getAttribute("src")).isEqualTo(base + path);
    int served = send(HttpRequest.newBuilder(URI.create(base + path))).statusCode();
    JavascriptExecutor js = browser;
    if (served == 200) {
      wait.until(d -> (Boolean) js.executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
    } else {
      assertThat(served).isEqualTo(404);
      wait.until(d -> (Boolean) js.executeScript("return arguments[0].closest('figure').classList.contains('missing')",
          img));
    }
  }

  @Test
  void aModeratorSeesARepostArriveAndClearsIt() throws Exception {
    Path originalFile = TestImages.all().get(18);
    byte[] original = TestImages.bytes(originalFile);
    byte[] repost = ImageEdits.jpeg(ImageEdits.read(original), 0.5f);
    browser = chromium(browserProfile);
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));

    browser.get(base + "/");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("banner"), "admin token"));
    browser.findElement(By.id("token")).sendKeys(TOKEN);
    browser.findElement(By.id("token-save")).click();
    wait.until(ExpectedConditions.textToBe(By.id("conn"), "Live"));
    assertThat(browser.executeScript("return sessionStorage.getItem('bayan.token')")).isEqualTo(TOKEN);

    assertThat(check(original, "postId=orig-1").getString("decision")).isEqualTo("accept");
    assertThat(check(repost, "postId=dup-1").getString("decision")).isIn("reject", "review");

    WebElement card = card("dup-1");
    assertThat(card.findElement(By.cssSelector(".badge")).getText()).isIn("REJECT", "REVIEW");
    assertThat(card.findElement(By.cssSelector(".reason")).getText()).contains("orig-1");
    assertThat(card.findElement(By.cssSelector(".signals li.is-original")).getText()).contains("cnn").contains("orig-1");
    assertThumbnail(card, "thumb-new", "dup-1");
    assertThumbnail(card, "thumb-original", "orig-1");

    card.findElement(By.cssSelector("button.not-dup")).click();
    wait.until(ExpectedConditions.textToBePresentInElement(card.findElement(By.cssSelector(".verdict")),
        "Recorded: not a duplicate"));
    JsonObject feedback = adminGet("/admin/feedback?postId=dup-1").getJsonArray("feedback").getJsonObject(0);
    assertThat(feedback.getString("matchedPostId")).isEqualTo("orig-1");
    assertThat(feedback.getString("verdict")).isEqualTo("not_duplicate");

    // paused: a new repost waits behind the button instead of appearing
    browser.findElement(By.id("pause")).click();
    check(repost, "postId=dup-2");
    wait.until(ExpectedConditions.textToBe(By.id("pause"), "Resume (1 new)"));
    assertThat(browser.findElements(By.cssSelector("li.card[data-post-id='dup-2']"))).isEmpty();
    browser.findElement(By.id("pause")).click();
    card("dup-2");

    // search by image: a dry run lists the nearest posts
    browser.findElement(By.id("search-file")).sendKeys(originalFile.toAbsolutePath().toString());
    WebElement hit = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#search-results li[data-post-id='orig-1']")));
    assertThat(hit.getText()).contains("cnn").containsPattern("\\d\\.\\d{3}");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("search-summary"), "Would be reject"));

    wait.until(ExpectedConditions.textToBe(By.id("stat-reject-total"), "2"));
    assertThat(browser.findElement(By.id("stat-model")).getText()).isEqualTo(adminGet("/admin/stats").getString("model"));

    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target/dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));

    List<String> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::getMessage).filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught")).toList();
    assertThat(problems).as("CSP violations or script errors").isEmpty();

    // the gateway goes away: the page says so instead of silently showing stale data
    vertx.undeploy(gateway.deploymentID()).await();
    wait.until(ExpectedConditions.textToBe(By.id("conn"), "Disconnected"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("banner"), "Live feed disconnected"));
  }

  @Test
  void theDashboardIsServedWithStrictSecurityHeaders() throws Exception {
    for (String path : List.of("/", "/assets/app.js")) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Security-Policy")).get().asString()
          .contains("default-src 'self'").contains("frame-ancestors 'none'");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
      assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    }
    assertThat(send(HttpRequest.newBuilder(URI.create(base + "/assets/no-such.js"))).statusCode()).isEqualTo(404);
  }
}
