package org.smartclinic.gateway.web;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * What every page's template gets besides its own data: {@code t} (the {@link Texts} of the viewer's language),
 * {@code lang}, {@code user} and {@code roles} (empty for an anonymous viewer), {@code csrf} (the session's CSRF
 * token, which {@code /static/js/api.js} sends with every state-changing call), {@code zone} (the clinic's time
 * zone), {@code clinic} (its name) and {@code path} (this page, for the language switch to come back to) and {@code section} (its first segment).
 *
 * <p>The language is the {@code sc_lang} cookie the switch sets, else the browser's {@code Accept-Language}, else
 * {@code smartclinic.web.default-language}.
 */
@RequestScoped
public class Pages {

    /** The cookie the language switch sets. */
    public static final String LANGUAGE_COOKIE = "sc_lang";

    @Inject
    RoutingContext request;

    @Inject
    SecurityIdentity identity;

    @Inject
    WebConfig config;

    /** {@code template} with the common data filled in. */
    public TemplateInstance page(Template template) {
        Texts texts = texts();
        Set<String> roles = identity.isAnonymous() ? Set.of() : new TreeSet<>(identity.getRoles());
        Object csrf = identity.getAttribute("csrf");
        String path = request.request().path();
        return template.data("t", texts)
                .data("lang", texts.language())
                .data("user", identity.isAnonymous() ? null : identity.getPrincipal().getName())
                .data("roles", roles)
                .data("csrf", csrf == null ? "" : csrf.toString())
                .data("zone", config.clinicZone().getId())
                .data("clinic", config.clinicName())
                .data("path", path)
                .data("section", section(path))
                .setLocale(texts.locale());
    }

    /** The first segment of {@code path}: {@code gp}, {@code tech}, {@code admin}… (the header marks it). */
    static String section(String path) {
        String[] parts = path.split("/");
        return parts.length > 1 ? parts[1] : "";
    }

    /** The texts in the viewer's language. */
    public Texts texts() {
        return Texts.of(language());
    }

    /** The viewer's language: {@code ru} or {@code en}. */
    public String language() {
        Cookie chosen = request.request().getCookie(LANGUAGE_COOKIE);
        if (chosen != null && Texts.LANGUAGES.contains(chosen.getValue())) {
            return chosen.getValue();
        }
        return fromAcceptLanguage(request.request().getHeader("Accept-Language"), config.defaultLanguage());
    }

    /** The best of {@link Texts#LANGUAGES} for an {@code Accept-Language} header, else {@code fallback}. */
    static String fromAcceptLanguage(String header, String fallback) {
        if (header != null && !header.isBlank() && header.length() < 500) {
            try {
                String tag = Locale.lookupTag(Locale.LanguageRange.parse(header), Texts.LANGUAGES);
                if (tag != null) {
                    return tag;
                }
            } catch (IllegalArgumentException e) {
                // A malformed header: the clinic's default.
            }
        }
        return Texts.LANGUAGES.contains(fallback) ? fallback : Texts.LANGUAGES.getFirst();
    }

    /** True if the viewer holds any of {@code roles}. */
    public boolean has(List<String> roles) {
        return roles.stream().anyMatch(identity::hasRole);
    }
}
