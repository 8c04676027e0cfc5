package org.smartclinic.gateway.uplink.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.smartclinic.gateway.config.EhrTlsConfig;

/** The TLS context for the EHR and its token endpoint: the configured trust store, else the JDK's default. */
public final class EhrTls {

    private static final String KEY = "smartclinic.fhir.tls.trust-store";

    private EhrTls() {
    }

    /**
     * @throws EhrAuthConfigException when the trust store cannot be read (wrong path, type or password)
     */
    public static SSLContext context(EhrTlsConfig tls) {
        if (tls.trustStore().isEmpty()) {
            try {
                return SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                throw new EhrAuthConfigException("The JDK has no default TLS context", e);
            }
        }
        char[] password = Secrets.read(KEY + "-password", tls.trustStorePassword(), tls.trustStorePasswordFile())
                .map(String::toCharArray).orElse(null);
        try (InputStream in = Files.newInputStream(tls.trustStore().get())) {
            KeyStore store = KeyStore.getInstance(tls.trustStoreType());
            store.load(in, password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new EhrAuthConfigException("Cannot read the trust store " + tls.trustStore().get() + " (" + KEY
                    + ", type " + tls.trustStoreType() + "): " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "; check the path, smartclinic.fhir.tls.trust-store-type and the password");
        }
    }
}
