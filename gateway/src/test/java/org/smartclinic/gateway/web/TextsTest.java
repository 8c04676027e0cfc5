package org.smartclinic.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every page string exists in Russian and in English, and every key a template or a page's script names exists:
 * a missing translation fails here instead of showing {@code ⟦key⟧} to a GP. Keys built at run time
 * ({@code t('admin.role.' + r)}) are not seen here; their bundles list every case.
 */
class TextsTest {

    private static final Path RESOURCES = Path.of("src/main/resources");
    /** {@code t.get('x')}, {@code t.f('x', …)} in templates; {@code t('x'…)} in scripts. */
    private static final Pattern TEMPLATE_KEY = Pattern.compile("t\\.(?:get|f)\\('([a-z0-9-]+(?:\\.[a-z0-9-]+)*)'");
    private static final Pattern SCRIPT_KEY = Pattern.compile("\\bt\\('([a-z0-9-]+(?:\\.[a-z0-9-]+)*)'");

    @Test
    void russianAndEnglish_haveTheSameKeys_andNoEmptyValues() {
        var ru = Texts.of("ru").all();
        var en = Texts.of("en").all();
        assertThat(ru.keySet()).isNotEmpty().containsExactlyInAnyOrderElementsOf(en.keySet());
        ru.forEach((k, v) -> assertThat(v).as("ru " + k).isNotBlank());
        en.forEach((k, v) -> assertThat(v).as("en " + k).isNotBlank());
    }

    @Test
    void everyKeyUsedByATemplateOrScript_exists() throws IOException {
        Set<String> used = new TreeSet<>();
        collect(RESOURCES.resolve("templates"), TEMPLATE_KEY, used);
        collect(RESOURCES.resolve("META-INF/resources/static/js"), SCRIPT_KEY, used);
        assertThat(used).contains("common.logout", "login.title");
        Set<String> known = Texts.of("ru").all().keySet();
        assertThat(used.stream().filter(k -> !known.contains(k)).toList()).as("keys used but missing").isEmpty();
    }

    @Test
    void aMissingKey_showsAsMarked_andJsonIsSafeInsideAScriptBlock() {
        assertThat(Texts.of("en").get("no.such.key")).isEqualTo("⟦no.such.key⟧");
        assertThat(Texts.of("xx").language()).isEqualTo("ru");
        assertThat(Texts.of("ru").json()).doesNotContain("<").doesNotContain(">").startsWith("{").endsWith("}");
        assertThat(Texts.of("en").format("common.behind", 12)).isEqualTo("12 s behind");
    }

    @Test
    void theBrowsersLanguage_choosesRussianOrEnglish() {
        assertThat(Pages.fromAcceptLanguage("en-GB,en;q=0.9", "ru")).isEqualTo("en");
        assertThat(Pages.fromAcceptLanguage("ru-RU,ru;q=0.9,en;q=0.8", "en")).isEqualTo("ru");
        assertThat(Pages.fromAcceptLanguage("de-DE,de;q=0.9", "ru")).isEqualTo("ru");
        assertThat(Pages.fromAcceptLanguage("de-DE,en;q=0.5", "ru")).isEqualTo("en");
        assertThat(Pages.fromAcceptLanguage(";;;garbage", "en")).isEqualTo("en");
        assertThat(Pages.fromAcceptLanguage(null, "ru")).isEqualTo("ru");
    }

    private static void collect(Path root, Pattern pattern, Set<String> into) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Matcher m = pattern.matcher(Files.readString(f));
                while (m.find()) {
                    into.add(m.group(1));
                }
            }
        }
    }
}
