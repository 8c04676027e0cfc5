package org.smartclinic.gateway.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response.Status;

import org.smartclinic.gateway.api.ApiException;

/**
 * What an account may look like (username, password length, display name, roles), each refusal saying what is
 * allowed, and the random tokens and hashes the sessions and the setup code are made of.
 */
final class AccountRules {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Usernames: letters, digits, dot, dash, underscore; 2..64. */
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,63}");
    static final int MAX_PASSWORD = 200;
    static final int MAX_DISPLAY_NAME = 100;

    private AccountRules() {
    }

    static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new ApiException(Status.BAD_REQUEST, "a username is 2 to 64 letters, digits, dots, dashes or underscores",
                    "e.g. ivanova or gp.room1");
        }
    }

    static void checkPassword(String password, int minLength) {
        if (password == null || password.length() < minLength || password.length() > MAX_PASSWORD) {
            throw new ApiException(Status.BAD_REQUEST, "a password has " + minLength + " to " + MAX_PASSWORD
                    + " characters", "a few unrelated words make a long password that is easy to remember");
        }
    }

    static String checkDisplayName(String name) {
        String n = name.strip();
        if (n.isEmpty() || n.length() > MAX_DISPLAY_NAME || n.chars().anyMatch(Character::isISOControl)) {
            throw new ApiException(Status.BAD_REQUEST, "a display name has 1 to " + MAX_DISPLAY_NAME + " characters", null);
        }
        return n;
    }

    static Set<String> checkRoles(Set<String> roles) {
        if (roles == null || roles.isEmpty() || !Roles.ALL.containsAll(roles)) {
            throw new ApiException(Status.BAD_REQUEST, "roles must be one or more of " + Roles.ALL, null);
        }
        Set<String> out = new LinkedHashSet<>();
        Roles.ALL.stream().filter(roles::contains).forEach(out::add);
        return out;
    }

    /** {@code bytes} random bytes, base64url. */
    static String token(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions apply
        }
    }
}
