package org.smartclinic.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.gateway.it.TlsGate;

/**
 * Trust stores as the EHR and MQTT brokers use them, each proven by a real TLS handshake with a loopback TLS server
 * ({@link TlsGate}) whose self-signed certificate keytool made: PEM and PKCS12 trust it, another certificate does not.
 */
class TlsTrustTest {

    private static final String KEY = "smartclinic.mqtt.default.tls.trust-store";

    @TempDir
    Path dir;

    record Trust(Optional<Path> trustStore, String trustStoreType, Optional<String> trustStorePassword,
            Optional<Path> trustStorePasswordFile) implements TlsTrustConfig {

        static Trust of(Path file, String type, Path passwordFile) {
            return new Trust(Optional.ofNullable(file), type, Optional.empty(), Optional.ofNullable(passwordFile));
        }
    }

    @Test
    void pemCertificate_trustsTheServer_handshakeCompletes() throws Exception {
        TlsGate.selfSigned(dir, "changeit");

        SSLContext context = TlsTrust.context(Trust.of(dir.resolve("server.crt"), "pem", null), KEY).orElseThrow();

        assertThat(handshake(context, dir)).isEqualTo("TLSv1.3");
    }

    @Test
    void pkcs12WithPasswordFile_trustsTheServer_handshakeCompletes() throws Exception {
        TlsGate.selfSigned(dir, "changeit");
        Path password = Files.writeString(dir.resolve("trust.pass"), "changeit\n");

        SSLContext context = TlsTrust.context(Trust.of(dir.resolve("trust.p12"), "PKCS12", password), KEY)
                .orElseThrow();

        assertThat(handshake(context, dir)).isEqualTo("TLSv1.3");
    }

    @Test
    void anotherCertificate_handshakeRefused() throws Exception {
        TlsGate.selfSigned(dir, "changeit");
        Path other = Files.createDirectory(dir.resolve("other"));
        TlsGate.selfSigned(other, "changeit");

        SSLContext context = TlsTrust.context(Trust.of(other.resolve("server.crt"), "PEM", null), KEY).orElseThrow();

        assertThatThrownBy(() -> handshake(context, dir)).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void noTrustStore_emptyForTheJdkDefault() {
        assertThat(TlsTrust.context(Trust.of(null, "PKCS12", null), KEY)).isEmpty();
    }

    @Test
    void unreadableStores_refusedNamingTheSettingNeverThePassword() throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.crt"), "not a certificate\n");
        assertThatThrownBy(() -> TlsTrust.context(Trust.of(notPem, "PEM", null), KEY))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(KEY).hasMessageContaining("PEM");

        TlsGate.selfSigned(dir, "changeit");
        Path wrong = Files.writeString(dir.resolve("wrong.pass"), "s3cret-wrong");
        assertThatThrownBy(() -> TlsTrust.context(Trust.of(dir.resolve("trust.p12"), "PKCS12", wrong), KEY))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(KEY)
                .hasMessageContaining("password").hasMessageNotContaining("s3cret-wrong");

        assertThatThrownBy(() -> TlsTrust.context(Trust.of(dir.resolve("missing.p12"), "PKCS12", null), KEY))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing.p12");
    }

    /** Connects to a TLS server holding {@code dir/server.p12} and returns the protocol the handshake agreed. */
    private static String handshake(SSLContext context, Path dir) throws IOException {
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                TlsGate gate = TlsGate.start(dir.resolve("server.p12"), "changeit", target.getLocalPort());
                SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", gate.port())) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }
}
