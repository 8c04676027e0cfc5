package org.smartclinic.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.smartclinic.gateway.it.Browser;
import org.smartclinic.gateway.it.GatewayProcess;

/**
 * A clinic's first day, in a real browser: the gateway has no account, the login page sends to the setup page, the
 * setup code from the data folder makes the first admin, the admin makes a GP's account on the admin page, logs
 * out; a wrong password is refused in words; the GP logs in through the form and lands on the console; pages need a
 * login; the language switch works. Screenshots of the login, setup and admin pages go to docs/screenshots.
 */
class LoginPagesIT {

    private static final String ADMIN_PASSWORD = "first admin's long password";
    private static final String GP_PASSWORD = "ivanova's own passphrase";

    @Test
    void firstRunSetup_adminMakesAGp_gpLogsInThroughTheForm(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("gw");
        try (GatewayProcess gw = new GatewayProcess(data).withoutStaffAccounts().start();
                Browser browser = new Browser("ru")) {
            String base = gw.baseUrl();
            browser.open(base + "/tech");
            awaitPath(browser, "/setup");
            browser.await("#setup-code-file");
            browser.screenshot("setup");
            browser.type("#code", Files.readString(data.resolve("setup-code")).trim())
                    .type("#username", "admin").type("#displayName", "Петрова Анна").type("#password", ADMIN_PASSWORD)
                    .click("#setup-submit");
            awaitPath(browser, "/admin");
            browser.awaitText("#users tbody", "admin", Duration.ofSeconds(30));
            assertThat(Files.exists(data.resolve("setup-code"))).as("the one-time code is gone").isFalse();

            browser.type("#new-username", "gp.ivanova").type("#new-display", "Иванова Мария")
                    .type("#new-password", GP_PASSWORD);
            browser.click("input[name=new-role][value=gp]").click("#new-submit");
            browser.awaitText("#users tbody", "gp.ivanova", Duration.ofSeconds(30));
            browser.awaitText("#admin-notice", "gp.ivanova", Duration.ofSeconds(30));
            browser.screenshot("admin-users");

            browser.click(".logout button");
            awaitPath(browser, "/login");
            browser.type("#username", "gp.ivanova").type("#password", "not the password").click("#login-submit");
            assertThat(browser.awaitText("#login-error", "Неверное имя пользователя или пароль",
                    Duration.ofSeconds(30)).getAttribute("role")).isEqualTo("alert");
            browser.screenshot("login");

            browser.login(base, "gp.ivanova", GP_PASSWORD);
            awaitPath(browser, "/gp");
            assertThat(browser.await("#current-user").getText()).isEqualTo("gp.ivanova");
            assertThat(browser.all("nav a").stream().map(e -> e.getAttribute("href")).toList())
                    .anyMatch(h -> h.endsWith("/gp")).noneMatch(h -> h.endsWith("/tech") || h.endsWith("/admin"));

            browser.click(".lang-switch a[lang=en]");
            browser.awaitText(".logout button", "Log out", Duration.ofSeconds(30));
            assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        }
    }

    private static void awaitPath(Browser browser, String path) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(60))
                .until(d -> java.net.URI.create(d.getCurrentUrl()).getPath().startsWith(path));
    }
}
