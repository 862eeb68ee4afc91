package io.tillwatch.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium session: Debian's {@code chromium} driven through Debian's
 * {@code chromedriver}, both named explicitly so Selenium Manager never runs (it would download a
 * browser from the internet, which a shop's CI or an offline machine must not need). Each session
 * gets a fresh profile directory, so cookies, localStorage and the language choice never leak
 * between sessions, and the directory is deleted on close.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of(System.getProperty("tillwatch.chromium", "/usr/bin/chromium"));
  public static final Path CHROMEDRIVER = Path.of(System.getProperty("tillwatch.chromedriver", "/usr/bin/chromedriver"));
  public static final Path SCREENSHOTS = Path.of(System.getProperty("basedir", "."), "target", "console-screenshots");

  /** Flags for a reproducible headless run on a shared CI box: no network chatter, no GPU, no sandbox (containers). */
  private static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage");

  /**
   * Selenium warns on every session that it has no DevTools bindings for this Chromium version; the
   * tests need none (the one DevTools command used goes through chromedriver), so the warning is noise.
   * Held in a field: java.util.logging keeps loggers weakly, and a collected one forgets its level.
   */
  private static final Logger CDP_VERSION_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

  private final ChromeDriver driver;
  private final Path profile;
  private final String base;

  private Browser(ChromeDriver driver, Path profile, String base) {
    this.driver = driver;
    this.profile = profile;
    this.base = base;
  }

  /** A session against {@code base} (e.g. {@code http://127.0.0.1:8080}) whose browser prefers {@code lang}. */
  public static Browser start(String base, String lang) {
    return start(base, lang, 1280, 900);
  }

  public static Browser start(String base, String lang, int width, int height) {
    requireInstalled();
    // Also the property Selenium reads before it would ask Selenium Manager; the service below names it too.
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    Path profile;
    try {
      profile = Files.createTempDirectory("tillwatch-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(FLAGS);
    options.addArguments("--window-size=" + width + "," + height, "--user-data-dir=" + profile, "--lang=" + lang);
    // --lang sets the UI language; navigator.languages and Accept-Language come from this preference.
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", lang));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new Browser(driver, profile, base);
  }

  private static Logger quiet(String name) {
    Logger l = Logger.getLogger(name);
    l.setLevel(Level.SEVERE);
    return l;
  }

  static void requireInstalled() {
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(p)) {
        throw new IllegalStateException(p + " is missing: apt-get install chromium chromium-driver (scripts/test.sh does)");
      }
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Opens a path of the daemon's listener, e.g. {@code /console/#/inbox}. */
  public void open(String path) {
    driver.get(base + path);
  }

  public String base() {
    return base;
  }

  /**
   * A wait polling every 50 ms that retries when the console re-renders an element between its
   * lookup and its reading (live updates replace rows, counts and whole views at any moment).
   */
  public WebDriverWait waiting(Duration timeout) {
    WebDriverWait w = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
    w.ignoring(StaleElementReferenceException.class);
    return w;
  }

  /** The visible text of the page's main area (for failure messages), or of the body without one. */
  public String mainText() {
    try {
      Object t = js("const m = document.querySelector('main') || document.body; return m ? m.innerText : '';");
      String text = String.valueOf(t).replaceAll("\\s+", " ").trim();
      return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    } catch (RuntimeException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  public Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Runs a script whose last argument is the callback Selenium passes (e.g. to await a fetch). */
  public Object jsAsync(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
  }

  /**
   * Makes this session's requests to matching URLs fail (DevTools' Network.setBlockedURLs, patterns
   * with {@code *}), e.g. to hold back a live stream; affects requests made after the call.
   */
  public void blockRequests(String... patterns) {
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of(patterns)));
  }

  public void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Saves the viewport to target/console-screenshots/{name}.png and returns the file. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Files.move(shot, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover profile in /tmp is harmless; the test's outcome does not depend on it
    }
  }
}
