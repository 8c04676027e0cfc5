package org.smartclinic.drivers.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The files {@link MqttBroker} generates for a broker: Mosquitto's configuration, password and ACL files. */
final class MqttBrokerFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private MqttBrokerFiles() {
    }

    /**
     * {@code mosquitto-<port>.conf}, with its password and ACL files next to it when given, and a second listener
     * with TLS when {@code tls} is not null. With {@code per_listener_settings false} (Mosquitto's default, written
     * out here) {@code allow_anonymous}, the password file and the ACL are global: both listeners take the same
     * clients.
     */
    static Path mosquittoConfig(Path dir, int port, boolean allowAnonymous, Map<String, String> users, String acl,
            TlsListener tls) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "per_listener_settings false",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous " + allowAnonymous,
                "persistence false",
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_type information",
                // When run as root, stay root instead of switching to the 'mosquitto' user, which could not read
                // these files; ignored when not root.
                "user " + System.getProperty("user.name")));
        if (!users.isEmpty()) {
            lines.add("password_file " + write(dir.resolve("mosquitto-" + port + ".passwd"), mosquittoPasswords(users)));
        }
        if (acl != null) {
            lines.add("acl_file " + write(dir.resolve("mosquitto-" + port + ".acl"), acl));
        }
        if (tls != null) {
            // certfile and keyfile belong to the listener line before them.
            lines.add("listener " + tls.port() + " 127.0.0.1");
            lines.add("certfile " + tls.certificates().chainPem().toAbsolutePath());
            lines.add("keyfile " + tls.certificates().privateKeyPem().toAbsolutePath());
        }
        return write(dir.resolve("mosquitto-" + port + ".conf"), String.join("\n", lines) + "\n");
    }

    /** A TLS listener: its port and the certificate chain and key it serves. */
    record TlsListener(int port, TestCertificates certificates) {
    }

    /** Moquette's password file: {@code user:<sha256 of the password, hex>}. */
    static Path moquettePasswords(Path dir, int port, Map<String, String> users) throws IOException {
        StringBuilder text = new StringBuilder();
        users.forEach((user, password) -> text.append(user).append(':')
                .append(HexFormat.of().formatHex(digest("SHA-256", password.getBytes(StandardCharsets.UTF_8))))
                .append('\n'));
        return write(dir.resolve("moquette-" + port + ".passwd"), text.toString());
    }

    /**
     * Mosquitto's password lines in its salted SHA-512 form, {@code user:$6$<salt>$<hash>} with
     * {@code hash = SHA-512(password || salt)}, both Base64, as {@code mosquitto_passwd} wrote them before 2.0 and
     * 2.0 still reads.
     */
    private static String mosquittoPasswords(Map<String, String> users) {
        StringBuilder text = new StringBuilder();
        users.forEach((user, password) -> {
            byte[] salt = new byte[12];
            RANDOM.nextBytes(salt);
            byte[] pw = password.getBytes(StandardCharsets.UTF_8);
            byte[] input = new byte[pw.length + salt.length];
            System.arraycopy(pw, 0, input, 0, pw.length);
            System.arraycopy(salt, 0, input, pw.length, salt.length);
            Base64.Encoder b64 = Base64.getEncoder();
            text.append(user).append(":$6$").append(b64.encodeToString(salt)).append('$')
                    .append(b64.encodeToString(digest("SHA-512", input))).append('\n');
        });
        return text.toString();
    }

    private static byte[] digest(String algorithm, byte[] input) {
        try {
            return MessageDigest.getInstance(algorithm).digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from this JDK", e);
        }
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file.toAbsolutePath();
    }
}
