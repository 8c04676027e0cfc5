package org.smartclinic.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.gateway.it.GatewayProcess;
import org.smartclinic.gateway.it.Staff;

/**
 * The gateway on the clinic network: with a certificate it serves HTTPS on all addresses and its session cookie is
 * {@code Secure}; without one it refuses to listen beyond localhost and says which settings to add.
 */
class TlsListenIT {

    private static final String STORE_PASSWORD = "changeit-test";

    @Test
    void withACertificate_theGatewayServesHttpsOnTheNetwork_andTheCookieIsSecure(@TempDir Path dir)
            throws Exception {
        Path store = dir.resolve("gateway.p12");
        keytool("-genkeypair", "-alias", "gateway", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        int httpsPort = GatewayProcess.freePort();
        try (GatewayProcess gw = new GatewayProcess(dir.resolve("gw"))
                .property("quarkus.http.host", "0.0.0.0")
                .property("quarkus.http.ssl-port", String.valueOf(httpsPort))
                .property("quarkus.http.ssl.certificate.key-store-file", store.toString())
                .property("quarkus.http.ssl.certificate.key-store-password", STORE_PASSWORD).start()) {
            // A cold JVM's first handshake on a busy 2-core machine can take seconds: a generous timeout.
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(store)).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(60)).build();
            HttpResponse<String> login = https.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + httpsPort + "/api/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"gp\",\"password\":\""
                            + Staff.PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure")
                    .contains("HttpOnly");
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            HttpResponse<String> me = https.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + httpsPort + "/api/session")).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.body()).contains("\"user\":\"gp\"");
        }
    }

    @Test
    void withoutACertificate_theGatewayRefusesToListenBeyondLocalhost(@TempDir Path dir) throws Exception {
        GatewayProcess gw = new GatewayProcess(dir.resolve("gw")).property("quarkus.http.host", "0.0.0.0");
        try {
            assertThatThrownBy(gw::start).hasMessageContaining("exited");
            String log;
            try (var logs = Files.list(dir.resolve("gw"))) {
                Path first = logs.filter(p -> p.getFileName().toString().endsWith(".log")).findFirst().orElseThrow();
                log = Files.readString(first);
            }
            assertThat(log).contains("without TLS").contains("quarkus.http.ssl.certificate.files");
        } finally {
            gw.close();
        }
    }

    private static void keytool(String... args) throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        List<String> cmd = new java.util.ArrayList<>(List.of(java.resolveSibling("keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes());
        }
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static SSLContext trusting(Path store) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
