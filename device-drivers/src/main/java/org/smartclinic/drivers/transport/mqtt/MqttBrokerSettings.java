package org.smartclinic.drivers.transport.mqtt;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import javax.net.ssl.SSLContext;

/**
 * How the gateway reaches one MQTT broker; one {@link MqttConnection} per broker uses it for every device there.
 *
 * @param url            {@code tcp://host:port} (port 1883 if left out), or {@code ssl://host:port} for TLS (8883;
 *                       the broker's certificate must be trusted by {@code tls} and name the host)
 * @param clientId       the gateway's client id on that broker, e.g. {@code smartclinic-gw-<gateway id>}; stable
 *                       across restarts, because the broker keeps the session (subscriptions, unacknowledged
 *                       messages) under it
 * @param username       user name, or null to connect without credentials
 * @param password       the password, or null; never logged ({@link Password#toString()} hides it)
 * @param keepAlive      MQTT keep-alive: the broker and the client drop a connection silent for 1.5 times this
 * @param connectTimeout longest wait for the TCP/TLS connect and the broker's CONNACK
 * @param initialBackoff wait before the first reconnect; doubled per failed attempt
 * @param maxBackoff     cap of the wait between reconnects
 * @param tls            for {@code ssl://}: the TLS context whose trust decides which broker certificates are accepted
 *                       (a clinic's own CA), or null for the JVM's default (public CAs); refused with {@code tcp://}
 */
public record MqttBrokerSettings(String url, String clientId, String username, Password password,
        Duration keepAlive, Duration connectTimeout, Duration initialBackoff, Duration maxBackoff, SSLContext tls) {

    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

    public MqttBrokerSettings {
        url = checkUrl(url);
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank() || clientId.length() > MqttTopics.MAX_LENGTH) {
            throw new IllegalArgumentException("the MQTT client id must not be blank");
        }
        if (password != null && username == null) {
            throw new IllegalArgumentException("a password needs a user name (MQTT 3.1.1 sends none without one)");
        }
        requirePositive(keepAlive, "keepAlive");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(initialBackoff, "initialBackoff");
        if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least initialBackoff (" + initialBackoff + ")");
        }
        if (tls != null && !url.regionMatches(true, 0, "ssl://", 0, 6)) {
            throw new IllegalArgumentException("a TLS trust store is set for broker url '" + url
                    + "', which does not use TLS; write it as ssl://host:port");
        }
    }

    /** Anonymous, with the defaults: keep-alive 30 s, connect timeout 10 s, backoff 200 ms to 10 s. */
    public static MqttBrokerSettings of(String url, String clientId) {
        return new MqttBrokerSettings(url, clientId, null, null, DEFAULT_KEEP_ALIVE, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, null);
    }

    public MqttBrokerSettings withCredentials(String newUsername, Password newPassword) {
        return new MqttBrokerSettings(url, clientId, Objects.requireNonNull(newUsername, "username"), newPassword,
                keepAlive, connectTimeout, initialBackoff, maxBackoff, tls);
    }

    public MqttBrokerSettings withBackoff(Duration initial, Duration max) {
        return new MqttBrokerSettings(url, clientId, username, password, keepAlive, connectTimeout, initial, max, tls);
    }

    public MqttBrokerSettings withKeepAlive(Duration value) {
        return new MqttBrokerSettings(url, clientId, username, password, value, connectTimeout, initialBackoff,
                maxBackoff, tls);
    }

    public MqttBrokerSettings withConnectTimeout(Duration value) {
        return new MqttBrokerSettings(url, clientId, username, password, keepAlive, value, initialBackoff,
                maxBackoff, tls);
    }

    /** With {@code context} deciding which broker certificates are trusted (an {@code ssl://} url only). */
    public MqttBrokerSettings withTls(SSLContext context) {
        return new MqttBrokerSettings(url, clientId, username, password, keepAlive, connectTimeout, initialBackoff,
                maxBackoff, Objects.requireNonNull(context, "context"));
    }

    @Override
    public String toString() {
        return "MqttBrokerSettings[" + url + " as " + clientId + (username == null ? "" : ", user " + username
                + (password == null ? "" : ", password " + password)) + (tls == null ? "" : ", own trust store") + "]";
    }

    private static String checkUrl(String url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("tcp") && !scheme.equals("ssl")) {
            throw new IllegalArgumentException("broker url '" + url + "' must be tcp://host:port or ssl://host:port");
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())) {
                throw new IllegalArgumentException("broker url '" + url + "' must be " + scheme + "://host:port");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("broker url '" + url + "' is not a valid URL: " + e.getReason(), e);
        }
        return url;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0: " + d);
        }
    }

    /**
     * A broker password: given as characters (copied, so the caller may wipe its array) or read from a file each
     * time the connection connects (first line, without its line end), so it can be rotated without a restart.
     * {@link #toString()} never shows it.
     */
    public static final class Password {

        private final char[] chars;
        private final Path file;

        private Password(char[] chars, Path file) {
            this.chars = chars;
            this.file = file;
        }

        public static Password of(char[] chars) {
            return new Password(Arrays.copyOf(Objects.requireNonNull(chars, "chars"), chars.length), null);
        }

        /** The first line of {@code file}, read when connecting. */
        public static Password fromFile(Path file) {
            return new Password(null, Objects.requireNonNull(file, "file"));
        }

        /**
         * A fresh copy of the password, for one connect.
         *
         * @throws IOException if its file cannot be read, with a message naming the file
         */
        public char[] read() throws IOException {
            if (file == null) {
                return Arrays.copyOf(chars, chars.length);
            }
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                String line = end < 0 ? text : text.substring(0, end);
                return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
            } catch (IOException e) {
                throw new IOException("cannot read the broker password file " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return file == null ? "****" : "from file " + file;
        }
    }
}
