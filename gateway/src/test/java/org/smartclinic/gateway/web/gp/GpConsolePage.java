package org.smartclinic.gateway.web.gp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.smartclinic.gateway.it.Browser;

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

    /** Closes the exam with a conclusion, through the inline confirmation. */
    public void closeExam(String conclusion) {
        browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center'})", browser.await("#conclusion"));
        browser.type("#conclusion", conclusion);
        click("#close-start");
        click("#close-yes");
        browser.await("#no-exam[data-closed]");
    }
}
