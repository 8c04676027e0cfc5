package org.smartclinic.gateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.qute.TemplateData;

/**
 * Every string a page shows, in one language: the files {@code i18n/<bundle>_<lang>.properties} (UTF-8) of all
 * {@link #BUNDLES}, merged. Keys are prefixed by their bundle ({@code gp.open-exam}), so the bundles never clash.
 * Templates say {@code {t.get('gp.open-exam')}}; JavaScript modules get the same strings from the page
 * ({@link #json()}, read by {@code /static/js/texts.js}). A missing key shows as {@code ⟦key⟧}, never as blank, and
 * {@code TextsTest} fails on any key that one language has and the other lacks.
 */
@TemplateData
public final class Texts {

    /** The languages the pages have, the clinic's first. */
    public static final List<String> LANGUAGES = List.of("ru", "en");

    /** The bundles: {@code common} (layout, shared words), then one per page family. */
    public static final List<String> BUNDLES = List.of("common", "login", "gp", "specialist", "tech", "admin");

    private static final Map<String, Texts> CACHE = new ConcurrentHashMap<>();

    private final String language;
    private final Map<String, String> strings;
    private final String json;

    private Texts(String language, Map<String, String> strings) {
        this.language = language;
        this.strings = Collections.unmodifiableMap(strings);
        this.json = toJson(strings);
    }

    /** The texts of {@code language} ({@code ru} or {@code en}; anything else gives the first language). */
    public static Texts of(String language) {
        String lang = LANGUAGES.contains(language) ? language : LANGUAGES.getFirst();
        return CACHE.computeIfAbsent(lang, l -> new Texts(l, load(l)));
    }

    static Map<String, String> load(String language) {
        Map<String, String> out = new TreeMap<>();
        for (String bundle : BUNDLES) {
            String file = "i18n/" + bundle + "_" + language + ".properties";
            try (InputStream in = Texts.class.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    continue;
                }
                Properties p = new Properties();
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return out;
    }

    public String language() {
        return language;
    }

    public Locale locale() {
        return Locale.forLanguageTag(language);
    }

    /** The string for {@code key}; {@code ⟦key⟧} when there is none. */
    public String get(String key) {
        String s = strings.get(key);
        return s == null ? "⟦" + key + "⟧" : s;
    }

    /** The string for {@code key} with {@code {0}}, {@code {1}}… filled in ({@link MessageFormat}, this language). */
    public String format(String key, Object... args) {
        String s = strings.get(key);
        return s == null ? "⟦" + key + "⟧" : new MessageFormat(s, locale()).format(args);
    }

    /** The string for {@code prefix + key}: for Qute, where keys are built from data ({@code {t.get2('admin.role.', r)}}). */
    public String get2(String prefix, Object key) {
        return get(prefix + key);
    }

    /** For Qute: {@code {t.f('key', arg)}}. */
    public String f(String key, Object arg) {
        return format(key, arg);
    }

    public boolean has(String key) {
        return strings.containsKey(key);
    }

    public Map<String, String> all() {
        return strings;
    }

    /** All strings as a JSON object, safe inside {@code <script type="application/json">}. */
    public String json() {
        return json;
    }

    private static String toJson(Map<String, String> strings) {
        StringBuilder b = new StringBuilder("{");
        strings.forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            quote(b, k).append(':');
            quote(b, v);
        });
        return b.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                // No "</script>" or "<!--" can form inside the page's JSON block.
                case '<', '>', '&' -> b.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
