package org.smartclinic.gateway.web;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /lang?to=en&back=/gp}: the language switch. Sets the {@code sc_lang} cookie for a year and goes back to
 * the page it came from (only a path on this gateway, never another site). Open to anyone: the login page has the
 * switch too.
 */
@Path("/lang")
public class LanguageResource {

    @GET
    @PermitAll
    public Response choose(@QueryParam("to") String to, @QueryParam("back") String back) {
        String lang = Texts.LANGUAGES.contains(to) ? to : Texts.LANGUAGES.getFirst();
        NewCookie cookie = new NewCookie.Builder(Pages.LANGUAGE_COOKIE).value(lang).path("/").maxAge(365 * 24 * 3600)
                .sameSite(NewCookie.SameSite.LAX).httpOnly(true).build();
        return Response.seeOther(URI.create(safeBack(back))).cookie(cookie).build();
    }

    /** {@code back} if it is a path on this gateway, else {@code /}. */
    public static String safeBack(String back) {
        if (back == null || back.length() > 300 || !back.startsWith("/") || back.startsWith("//")
                || back.contains("\\") || back.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return "/";
        }
        return back;
    }
}
