package org.smartclinic.gateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the UI tests: Debian's headless Chromium driven through its chromedriver (Selenium), at the
 * GP's tablet size 1280x800, in a profile folder of its own under {@code target/}. Chromium and chromedriver come
 * from apt ({@code .ci/run} installs them); nothing is downloaded at test time ({@code SE_OFFLINE}).
 *
 * <p>{@link #screenshot} keeps a picture of the page in {@code docs/screenshots/} for the README.
 */
public final class Browser implements AutoCloseable {

    public static final String CHROMIUM = System.getProperty("browser.chromium", "/usr/bin/chromium");
    public static final String CHROMEDRIVER = System.getProperty("browser.chromedriver", "/usr/bin/chromedriver");

    /** How long a page may take to show something: generous, as the CI machine runs gateways and twins beside it. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ChromeDriver driver;
    private final Path profile;

    public Browser(String language) {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new IllegalStateException("Chromium or chromedriver is missing (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install -y chromium chromium-driver (.ci/run does)");
        }
        System.setProperty("SE_OFFLINE", "true");
        try {
            profile = Files.createTempDirectory(Files.createDirectories(Path.of("target", "chromium")), "profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,800",
                "--lang=" + language, "--force-device-scale-factor=1"));
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 800));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    /** Waits (up to 60 s) until an element matching {@code css} is visible, and returns it. */
    public WebElement await(String css) {
        return new WebDriverWait(driver, WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits (up to {@code timeout}) until the element matching {@code css} contains {@code text}. */
    public WebElement awaitText(String css, String text, Duration timeout) {
        new WebDriverWait(driver, timeout).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(css), text));
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Types into the field matching {@code css} (cleared first). */
    public Browser type(String css, String text) {
        WebElement e = await(css);
        e.clear();
        e.sendKeys(text);
        return this;
    }

    public Browser click(String css) {
        new WebDriverWait(driver, WAIT)
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
        return this;
    }

    /** Logs in on the gateway's login page as {@code user} and waits until the page after it has loaded. */
    public Browser login(String baseUrl, String user, String password) {
        open(baseUrl + "/login");
        type("#username", user);
        type("#password", password);
        click("#login-submit");
        new WebDriverWait(driver, WAIT).until(d -> !d.getCurrentUrl().contains("/login"));
        return this;
    }

    /** Saves what the browser shows as {@code docs/screenshots/<name>.png} (the README shows them). */
    public Path screenshot(String name) {
        Path docs = docsScreenshots();
        try {
            Files.createDirectories(docs);
            Path file = docs.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code docs/screenshots} of the project (tests run in {@code gateway/}). */
    static Path docsScreenshots() {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.exists(here.resolve("../docs")) ? here.resolve("../docs") : here.resolve("docs");
        return root.normalize().resolve("screenshots");
    }

    @Override
    public void close() {
        driver.quit();
    }
}
