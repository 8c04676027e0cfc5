package org.smartclinic.gateway.web.gp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.smartclinic.gateway.it.Browser;
import org.smartclinic.gateway.it.Staff;

/**
 * What a GP does on the console, as steps for the browser tests (the pages' element ids live here, once), in
 * Russian: the texts checked are the {@code gp_ru} bundle's.
 */
public final class GpConsolePage {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The patient the tests register: SNILS, family, given names, birth date. */
    public static final String SNILS = "123-456-789 00";

    private final Browser browser;
    private final String base;

    public GpConsolePage(Browser browser, String base) {
        this.browser = browser;
        this.base = base;
    }

    /**
     * Logs the browser in as the {@code gp} test account: the session comes from the login API
     * ({@link Staff#login}) and is handed to the browser as its {@code sc_session} cookie.
     */
    public static void loginAsGp(Browser browser, String base) {
        String cookie = Staff.login(base, "gp", Staff.PASSWORD).cookieHeader();
        browser.open(base + "/login");
        browser.driver().manage().addCookie(new Cookie("sc_session", cookie.substring(cookie.indexOf('=') + 1)));
        browser.open(base + "/gp");
        browser.await("#gp-heading");
    }

    /**
     * From {@code /gp}: chooses the station, looks the patient up by SNILS (not found), registers her and opens the
     * exam; checks the banner. Returns the exam id.
     */
    public String registerAndOpenExam(String station, String stationName) {
        browser.open(base + "/gp");
        browser.click("#station-" + station);
        assertThat(browser.await("#station-heading").getText()).isEqualTo(stationName);
        browser.await("#no-exam");
        browser.driver().findElement(By.cssSelector("#find-system option[value='snils']")).click();
        browser.type("#find-value", SNILS);
        browser.click("#find-id-submit");
        browser.awaitText("#find-note", "Пациент не найден", WAIT);
        assertThat(browser.await("#reg-value").getAttribute("value")).isEqualTo(SNILS);
        browser.type("#reg-family", "Иванова");
        browser.type("#reg-given", "Мария Петровна");
        browser.type("#reg-birth", "17.05.1980");
        browser.screenshot("gp-open-exam");
        browser.click("#register-submit");

        WebElement banner = browser.awaitText("#patient-banner .family", "ИВАНОВА", WAIT).findElement(By.xpath(".."));
        assertThat(banner.findElement(By.cssSelector(".given")).getText()).isEqualTo("Мария Петровна");
        assertThat(banner.findElement(By.cssSelector(".dob")).getText()).startsWith("Дата рождения 17.05.1980 (")
                .contains("лет");
        assertThat(banner.findElement(By.cssSelector(".sex")).getText()).isEqualTo("Пол женский");
        assertThat(banner.findElement(By.cssSelector(".identifier")).getText()).isEqualTo("СНИЛС " + SNILS);
        String examId = browser.await("#gp-console").getAttribute("data-exam-id");
        assertThat(examId).isNotBlank();
        return examId;
    }

    /** Waits until the device's pleth strip has drawn samples: trace-coloured pixels on its canvas. */
    public void awaitPlethDrawn(String device) {
        String canvas = ".wave[data-device='" + device + "'] canvas";
        browser.await(canvas);
        await("pleth of " + device + " drawn").atMost(WAIT).until(() -> {
            Object drawn = browser.driver().executeScript("""
                    const c = document.querySelector(arguments[0]);
                    if (!c || !c.width || !Number(c.dataset.samples)) return 0;
                    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    let n = 0;
                    for (let i = 0; i < d.length; i += 4) if (d[i] < 100 && d[i + 2] > 120) n++;
                    return n;""", canvas);
            return ((Number) drawn).longValue() > 100;
        });
    }

    /** Assigns the queued reading to the open exam with {@code reason}. */
    public void assignQueued(long readingId, String reason) {
        String item = "#queue-items .queue-item[data-reading-id='" + readingId + "']";
        browser.await(item);
        click(item + " .assign-submit");
        browser.awaitText(item + " .error", "Укажите, почему", WAIT);
        browser.type("#reason-" + readingId, reason);
        click(item + " .assign-submit");
        new WebDriverWait(browser.driver(), WAIT).until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector(item)));
    }

    /** Clicks the element after scrolling it to the middle of the screen (the patient banner stays on top). */
    private void click(String css) {
        browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center'})", browser.await(css));
        browser.click(css);
    }

    /** Opens the labels page, issues {@code count} labels and returns the sample ids printed. */
    public List<String> issueLabels(String examId, int count) {
        click("#labels-link");
        browser.await("#labels-heading");
        assertThat(browser.await("#labels-banner").getText()).startsWith("ИВАНОВА").contains("17.05.1980", "СНИЛС " + SNILS);
        assertThat(browser.driver().getCurrentUrl()).endsWith("/gp/exams/" + examId + "/labels");
        browser.type("#label-count", String.valueOf(count));
        browser.click("#issue-submit");
        await("labels").atMost(WAIT).until(() -> browser.all(".label").size() == count);
        List<WebElement> labels = browser.all(".label");
        assertThat(labels).allSatisfy(l -> {
            assertThat(l.findElements(By.cssSelector("svg.barcode rect")).size()).isGreaterThan(20);
            assertThat(l.findElement(By.cssSelector(".label-patient")).getText()).startsWith("ИВАНОВА");
            assertThat(l.findElement(By.cssSelector(".label-id")).getText()).isEqualTo("17.05.1980 · " + SNILS);
        });
        return labels.stream().map(l -> l.findElement(By.cssSelector(".sample-id")).getText()).toList();
    }

    /**
     * Draws twelve synthetic ECG leads (500 Hz, chunks of 50 samples, a 1 mV sine; chunk 20 all invalid) with the
     * shared waveform strip on a 1000 px canvas of the page, and returns {@code mm} (CSS px per mm), {@code height},
     * {@code samples} (drawn) and {@code inGap} (trace pixels inside the gap on the rhythm strip), or {@code error}.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> drawSyntheticEcg() {
        return (Map<String, Object>) browser.driver().executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    import('/static/js/waveform.js').then(async (m) => {
                      const wrap = document.createElement('div');
                      wrap.className = 'wave';
                      wrap.style.width = '1000px';
                      const canvas = document.createElement('canvas');
                      wrap.append(canvas);
                      document.body.prepend(wrap);
                      const strip = new m.WaveformStrip(canvas, { kind: 'ecg' });
                      const leads = [131329, 131330, 131389, 131390, 131391, 131392,
                                     131331, 131332, 131333, 131334, 131335, 131336];
                      for (let k = 0; k < 40; k++) {
                        strip.push({ stream: 'ecg', chunk: k, periodMicros: 2000, gapBefore: 0,
                          channels: leads.map((code) => ({ code: String(code), unit: 'uV', factor: 1,
                            samples: Array.from({ length: 50 }, (_, i) =>
                              k === 20 ? null : Math.round(1000 * Math.sin((k * 50 + i) / 20))) })) });
                      }
                      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
                      const mm = m.pxPerMm();
                      const ctx = canvas.getContext('2d');
                      // Newest sample at the right edge: sample i sits at x = (i - start) * step on the rhythm
                      // strip (row 4); the gap is samples 1000-1049.
                      const step = 25 * mm * 0.002;
                      const start = 2000 - Math.floor(canvas.clientWidth / step);
                      const x0 = Math.ceil((1000 - start) * step) + 1;
                      const x1 = Math.floor((1049 - start) * step) - 1;
                      const band = ctx.getImageData(x0, Math.ceil(75 * mm), x1 - x0, Math.floor(25 * mm) - 1).data;
                      let inGap = 0;
                      for (let i = 0; i < band.length; i += 4) if (band[i] < 100 && band[i + 1] < 100) inGap++;
                      done({ mm, height: canvas.clientHeight, samples: Number(canvas.dataset.samples), inGap });
                    }).catch((e) => done({ error: String(e) }));""");
    }

    /** Closes the exam with a conclusion, through the inline confirmation. */
    public void closeExam(String conclusion) {
        browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center'})", browser.await("#conclusion"));
        browser.type("#conclusion", conclusion);
        click("#close-start");
        click("#close-yes");
        browser.await("#no-exam[data-closed]");
    }
}
