package org.smartclinic.gateway.uplink.auth;

import java.security.GeneralSecurityException;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.smartclinic.gateway.config.TlsTrust;
import org.smartclinic.gateway.config.TlsTrustConfig;

/** The TLS context for the EHR and its token endpoint: the configured trust store, else the JDK's default. */
public final class EhrTls {

    private static final String KEY = "smartclinic.fhir.tls.trust-store";

    private EhrTls() {
    }

    /**
     * @throws EhrAuthConfigException when the trust store cannot be read (wrong path, type or password)
     */
    public static SSLContext context(TlsTrustConfig tls) {
        try {
            Optional<SSLContext> own = TlsTrust.context(tls, KEY);
            return own.isPresent() ? own.get() : SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new EhrAuthConfigException("The JDK has no default TLS context", e);
        } catch (EhrAuthConfigException e) {
            throw e;
        } catch (IllegalStateException e) {
            throw new EhrAuthConfigException(e.getMessage(), e.getCause());
        }
    }
}
