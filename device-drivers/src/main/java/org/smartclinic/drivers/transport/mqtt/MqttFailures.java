package org.smartclinic.drivers.transport.mqtt;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

import javax.net.ssl.SSLException;

/**
 * The MQTT client's failures in a technician's words, at the boundary: one sentence saying what the broker or the
 * network did, with the broker's URL, and never a password.
 */
final class MqttFailures {

    private MqttFailures() {
    }

    /** Why connecting to {@code url} failed. */
    static String connectFailed(String url, String clientId, Throwable e) {
        if (e instanceof MqttWireClient.Refused r) {
            String refusal = switch (r.code()) {
                case 1 -> "it does not speak MQTT 3.1.1";
                case 2 -> "client id '" + clientId + "' not allowed";
                case 3 -> "the broker says it is unavailable";
                case 4 -> "bad user name or password";
                case 5 -> "not authorised (bad user name or password, or this client id is not allowed)";
                default -> "return code " + r.code();
            };
            return "broker " + url + " refused the connection: " + refusal;
        }
        if (e instanceof MqttWireClient.Unanswered) {
            return "broker " + url + " did not answer the connect in time (overloaded, or not an MQTT port?)";
        }
        return "broker " + url + (tls(e) ? " reached, but " : " unreachable: ") + network(e);
    }

    /** Whether {@code e} or a cause is a TLS failure: the broker was reached, its TLS was not accepted. */
    private static boolean tls(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    /** Why an established connection to {@code url} ended. */
    static String lost(String url, Throwable e) {
        return "connection to broker " + url + " lost: " + network(e);
    }

    /** What a network-level failure was; the innermost cause says it best. */
    static String network(Throwable e) {
        Throwable cause = e;
        while (cause != null) {
            String text = switch (cause) {
                case ConnectException c -> "connection refused (is the broker running, is the port right?)";
                case UnknownHostException u -> "unknown host " + u.getMessage() + " (check the broker address)";
                case NoRouteToHostException n -> "no route to host (network or firewall)";
                case SocketTimeoutException s -> "timed out (network or firewall)";
                case SSLException s ->
                        "TLS failed: " + s.getMessage() + " (certificate, trust store, or not a TLS port)";
                case EOFException eof -> "the broker closed the connection";
                default -> null;
            };
            if (text != null) {
                return text;
            }
            if (cause.getCause() == null || cause.getCause() == cause) {
                break;
            }
            cause = cause.getCause();
        }
        return describe(cause == null ? e : cause);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : message.toLowerCase(Locale.ROOT).replaceAll("[.\\s]+$", "");
    }
}
