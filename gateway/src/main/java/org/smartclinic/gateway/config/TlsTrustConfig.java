package org.smartclinic.gateway.config;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * Which certificates the gateway trusts for one TLS peer: the EHR and its token endpoint
 * ({@code smartclinic.fhir.tls.*}, see {@code docs/ehr-auth.md}) or an MQTT broker
 * ({@code smartclinic.mqtt.<name>.tls.*}, see {@code docs/drivers.md}). Unset: the JDK's default trust store (public
 * certificate authorities). Read into a TLS context by {@link TlsTrust}.
 */
public interface TlsTrustConfig {

    /**
     * A trust store holding the peer's certificate or its CA: PKCS12 or JKS (e.g. {@code /etc/smartclinic/ehr.p12}),
     * or a PEM file of one or more certificates (e.g. the clinic CA's {@code ca.crt}).
     */
    Optional<Path> trustStore();

    /** {@code PKCS12}, {@code JKS} or {@code PEM}. */
    @WithDefault("PKCS12")
    String trustStoreType();

    /** The trust store's password (PKCS12, JKS; a PEM file has none). Secret. */
    Optional<String> trustStorePassword();

    /** A file holding the trust store's password. */
    Optional<Path> trustStorePasswordFile();
}
