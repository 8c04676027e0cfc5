package org.smartclinic.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.smartclinic.gateway.uplink.auth.Secrets;

/**
 * A {@link TlsTrustConfig} as a TLS context: its trust store (PKCS12, JKS, or PEM certificates as a clinic's CA hands
 * them out) as the only trusted certificates, or the JDK's default when none is set. Failures name the setting and
 * what to check, never a password.
 */
public final class TlsTrust {

    private TlsTrust() {
    }

    /**
     * The context for {@code tls}, or empty when it sets no trust store (the caller then uses the JDK's default).
     *
     * @param key the trust store's setting, e.g. {@code smartclinic.mqtt.default.tls.trust-store}, for messages
     * @throws IllegalStateException when the store cannot be read (path, type, password or content)
     */
    public static Optional<SSLContext> context(TlsTrustConfig tls, String key) {
        if (tls.trustStore().isEmpty()) {
            return Optional.empty();
        }
        Path file = tls.trustStore().get();
        String type = tls.trustStoreType().toUpperCase(Locale.ROOT);
        try {
            KeyStore store = type.equals("PEM") ? pem(file) : stored(file, type, Secrets.read(key + "-password",
                    tls.trustStorePassword(), tls.trustStorePasswordFile()).map(String::toCharArray).orElse(null));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return Optional.of(context);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the trust store " + file + " (" + key + ", type " + type
                    + "): " + e.getClass().getSimpleName() + ": " + e.getMessage() + "; check the path, "
                    + key + "-type (PKCS12, JKS or PEM) and the password", e);
        }
    }

    /**
     * {@link #context} or, when {@code tls} sets no trust store, the JDK's default context (public CAs).
     *
     * @throws IllegalStateException when the store cannot be read
     */
    public static SSLContext orDefault(TlsTrustConfig tls, String key) {
        Optional<SSLContext> own = context(tls, key);
        if (own.isPresent()) {
            return own.get();
        }
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK has no default TLS context (" + key + " unset)", e);
        }
    }

    private static KeyStore stored(Path file, String type, char[] password) throws IOException,
            GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password);
            return store;
        }
    }

    /** The certificates of a PEM file, each a trusted entry of a store in memory. */
    private static KeyStore pem(Path file) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("the file holds no '-----BEGIN CERTIFICATE-----' block");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate c : certificates) {
            store.setCertificateEntry("trusted-" + i++, c);
        }
        return store;
    }
}
