package org.smartclinic.gateway.uplink;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

import org.apache.http.conn.ConnectTimeoutException;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.smartclinic.gateway.patient.Phi;
import org.smartclinic.gateway.uplink.auth.EhrAuthException;

/**
 * Why a delivery failed, and whether trying again can help.
 *
 * <p>Only refusals of <em>this</em> bundle with the EHR's reasons are final: 400 (malformed), 412 (ambiguous
 * conditional match) and 422 (invalid content) <em>with an OperationOutcome</em> become dead letters with it
 * (a batch refused so is split first, see {@link BatchSender}). Everything else says something about the EHR, the
 * network or the gateway's configuration rather than the item and is retried with backoff: unreachable, timeouts,
 * 5xx, 408, 409, 429, 401/403/404/405 (wrong URL or credentials), and any answer that is not FHIR (a proxy's HTML
 * page, with 200 or 502, or a reply that does not parse). Retries are bounded per item by
 * {@code smartclinic.uplink.max-attempts} and {@code max-age} (see {@link Uplink}).
 *
 * @param transientFailure true if the same bundle may succeed later
 * @param message          one line for logs and the API: the status and the OperationOutcome as JSON, or the
 *                         error. Scrubbed of patient data ({@link Phi}): the EHR may echo a search URL, an
 *                         identifier or a name.
 * @param status           the HTTP status when the EHR answered, else null
 * @param retryAfter       the least wait the EHR asked for ({@code Retry-After}), else null
 * @param outcome          the EHR's OperationOutcome as FHIR JSON, scrubbed, else null
 */
public record DeliveryFailure(boolean transientFailure, String message, Integer status, Duration retryAfter,
        String outcome) {

    private static final int MAX_MESSAGE = 4000;
    private static final String NO_ANSWER_IN_TIME = "EHR did not answer within smartclinic.fhir.read-timeout: ";

    /** Caps the message: an HTML page from a proxy is not kept whole. */
    public DeliveryFailure {
        message = message != null && message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..."
                : message;
    }

    /** A failure without an answer from the EHR. */
    public DeliveryFailure(boolean transientFailure, String message) {
        this(transientFailure, message, null, null, null);
    }

    /**
     * Whether the EHR (or a proxy before it) did not answer in time: the client's read timeout, 408 or 504. A batch
     * that fails so may simply be too big for the EHR to store within the timeout ({@link BatchLimit}).
     */
    public boolean tooSlow() {
        return status == null ? message != null && message.startsWith(NO_ANSWER_IN_TIME)
                : status == 408 || status == 504;
    }

    /** Whether the EHR refused the content of the bundle: a batch so refused is split to find the guilty entry. */
    public boolean refusesContent() {
        return !transientFailure || (status != null && status == 413);
    }

    /**
     * Whether this failure speaks about the item, so it counts toward the item's attempt and age limits. A failure
     * of the EHR as a whole does not: no answer, 502/503/504 and 429 (down or overloaded), 401/403 (credentials)
     * and 404/405 (a wrong base URL). An outage therefore never turns the backlog into dead letters (the disk is
     * the buffer), while an item the EHR keeps failing on (500, 409, an unreadable answer) stops blocking its
     * device after the limit.
     */
    public boolean countsAgainstItem() {
        if (!transientFailure) {
            return true;
        }
        if (status == null) {
            return message != null && message.startsWith("unreadable answer");
        }
        return switch (status) {
            case 401, 403, 404, 405, 429, 502, 503, 504 -> false;
            default -> true;
        };
    }

    /** Classifies what the FHIR client threw. */
    public static DeliveryFailure of(Exception e, FhirContext fhir) {
        return of(e, fhir, Instant.now());
    }

    /** Classifies what the FHIR client threw; {@code now} dates a {@code Retry-After} given as an HTTP-date. */
    public static DeliveryFailure of(Exception e, FhirContext fhir, Instant now) {
        EhrAuthException auth = authFailure(e);
        if (auth != null) {
            // the token endpoint refused or was unreachable: its message says what to check
            return new DeliveryFailure(true, Phi.scrub("EHR credentials: " + auth.getMessage()));
        }
        if (e instanceof FhirClientConnectionException) {
            return new DeliveryFailure(true, Phi.scrub((readTimedOut(e) ? NO_ANSWER_IN_TIME : "EHR unreachable: ")
                    + rootMessage(e)));
        }
        if (e instanceof BaseServerResponseException bse) {
            int status = bse.getStatusCode();
            IBaseOperationOutcome oo = bse.getOperationOutcome();
            String outcome = oo == null ? null : Phi.scrub(fhir.newJsonParser().encodeResourceToString(oo));
            boolean refusal = oo != null && (status == 400 || status == 412 || status == 422);
            Duration wait = RetryAfter.from(bse.getResponseHeaders(), now)
                    .or(() -> RetryAfter.parse(RetryAfterHeader.last(), now)).orElse(null);
            String detail = outcome != null ? outcome : Phi.scrub(rootMessage(e));
            String hint = status == 401 || status == 403
                    ? " (the EHR refused the gateway's credentials: check smartclinic.fhir.auth.*, docs/ehr-auth.md)"
                    : "";
            return new DeliveryFailure(!refusal, "HTTP " + status + hint + ": " + detail, status, wait, outcome);
        }
        if (e instanceof DataFormatException || e.getClass().getName().startsWith("ca.uhn.fhir.")) {
            // A reply the client could not read (HTML with 200, a cut body): the EHR or a proxy misbehaved.
            return new DeliveryFailure(true, Phi.scrub("unreadable answer from the EHR: "
                    + e.getClass().getSimpleName() + ": " + rootMessage(e)));
        }
        // A fault of the gateway itself with this item: retrying the same code cannot help.
        return new DeliveryFailure(false, Phi.scrub(e.getClass().getSimpleName() + ": " + rootMessage(e)));
    }

    /**
     * A read that timed out: a {@link SocketTimeoutException} in the causes. Not a connect timeout (the EHR
     * unreachable), which Apache's client (the EHR connection's) reports as a {@link ConnectTimeoutException} around
     * a {@code SocketTimeoutException} of its own.
     */
    private static boolean readTimedOut(Throwable e) {
        boolean read = false;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConnectTimeoutException) {
                return false;
            }
            read |= t instanceof SocketTimeoutException;
        }
        return read;
    }

    private static EhrAuthException authFailure(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof EhrAuthException auth) {
                return auth;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }
}
