package org.smartclinic.gateway.config;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * Which certificates the gateway trusts for HTTPS to the EHR and its token endpoint ({@code smartclinic.fhir.tls.*});
 * see {@code docs/ehr-auth.md}. Unset: the JDK's default trust store (public certificate authorities).
 */
public interface EhrTlsConfig {

    /** A trust store (PKCS12 or JKS) holding the EHR's certificate or its CA, e.g. {@code /etc/smartclinic/ehr.p12}. */
    Optional<Path> trustStore();

    /** {@code PKCS12} or {@code JKS}. */
    @WithDefault("PKCS12")
    String trustStoreType();

    /** The trust store's password. Secret. */
    Optional<String> trustStorePassword();

    /** A file holding the trust store's password. */
    Optional<Path> trustStorePasswordFile();
}
