package org.smartclinic.drivers.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA and a broker certificate it signed, made with the JDK's own keytool, so that TLS tests need no openssl
 * and no extra library. The CA is a self-signed key pair with {@code -ext bc:c}; the broker's key pair gets a
 * certificate request, which the CA signs with the subject alternative names the test asks for (by default
 * {@code ip:127.0.0.1,dns:localhost}).
 *
 * <p>The files are written for Mosquitto: the broker's certificate chain as PEM ({@link #chainPem()}, its
 * {@code certfile}), its private key as PKCS#8 PEM ({@link #privateKeyPem()}, its {@code keyfile}) and the CA
 * certificate as PEM ({@link #caPem()}). Everything lives in one PKCS12 key store in the given folder, with a fixed
 * test-only password: use a {@code @TempDir} or {@code target/}.
 */
public final class TestCertificates {

    /** The subject alternative names of {@link #create(Path)}'s broker certificate. */
    public static final String LOOPBACK_NAMES = "ip:127.0.0.1,dns:localhost";

    private static final String STORE_PASSWORD = "test-only";
    private static final String STORE_FILE = "test-pki.p12";
    private static final String CA_ALIAS = "test-ca";
    private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");
    private static final long KEYTOOL_WAIT_SECONDS = 60;

    private final Path dir;
    private final String name;
    private final X509Certificate ca;
    private final X509Certificate certificate;

    private TestCertificates(Path dir, String name, X509Certificate ca, X509Certificate certificate) {
        this.dir = dir;
        this.name = name;
        this.ca = ca;
        this.certificate = certificate;
    }

    /** A new test CA in {@code dir} and a broker certificate {@code broker} naming 127.0.0.1 and localhost. */
    public static TestCertificates create(Path dir) {
        Path store = dir.resolve(STORE_FILE);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(store);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + " for test certificates", e);
        }
        keytool(store, "-genkeypair", "-alias", CA_ALIAS, "-dname", "CN=SmartClinic Test CA", "-keyalg", "EC",
                "-groupname", "secp256r1", "-ext", "bc:c", "-startdate", "-1d", "-validity", "7");
        return issue(dir, "broker", LOOPBACK_NAMES);
    }

    /**
     * Another broker certificate from the same CA, e.g. {@code server("other", "dns:other.example")} for one that
     * does not name the host a client connects to.
     *
     * @param subjectAltNames keytool's form: {@code ip:<address>} and {@code dns:<name>}, comma-separated
     */
    public TestCertificates server(String serverName, String subjectAltNames) {
        return issue(dir, serverName, subjectAltNames);
    }

    /** The CA certificate: what a client has to trust. */
    public X509Certificate ca() {
        return ca;
    }

    /** The broker's certificate, signed by {@link #ca()}. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** {@code <dir>/ca.pem}. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** {@code <dir>/<name>-chain.pem}: the broker's certificate, then the CA's (Mosquitto's {@code certfile}). */
    public Path chainPem() {
        return dir.resolve(name + "-chain.pem");
    }

    /** {@code <dir>/<name>-key.pem}: the broker's private key, PKCS#8 (Mosquitto's {@code keyfile}). */
    public Path privateKeyPem() {
        return dir.resolve(name + "-key.pem");
    }

    /** A client TLS context trusting only this CA. */
    public SSLContext trustingCa() {
        return trusting(ca);
    }

    /** A client TLS context trusting only {@code caCert}: an in-memory PKCS12 trust store with it as entry. */
    public static SSLContext trusting(X509Certificate caCert) {
        Objects.requireNonNull(caCert, "caCert");
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", caCert);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("no TLS context trusting " + caCert.getSubjectX500Principal(), e);
        }
    }

    @Override
    public String toString() {
        return "test certificate " + name + " for " + certificate.getSubjectX500Principal() + " in " + dir;
    }

    /** A key pair {@code name}, its request, the CA's answer installed over it, then the PEM files. */
    private static TestCertificates issue(Path dir, String name, String subjectAltNames) {
        Path store = dir.resolve(STORE_FILE);
        Path request = dir.resolve(name + ".csr");
        Path signed = dir.resolve(name + "-signed.pem");
        keytool(store, "-genkeypair", "-alias", name, "-dname", "CN=" + name + ", O=SmartClinic tests",
                "-keyalg", "EC", "-groupname", "secp256r1", "-startdate", "-1d", "-validity", "7");
        keytool(store, "-certreq", "-alias", name, "-file", request.toString());
        keytool(store, "-gencert", "-alias", CA_ALIAS, "-infile", request.toString(), "-outfile", signed.toString(),
                "-rfc", "-ext", "san=" + subjectAltNames, "-ext", "eku=serverAuth", "-startdate", "-1d",
                "-validity", "7");
        // keytool finds the CA in the store and installs the chain: broker certificate, then CA certificate.
        keytool(store, "-importcert", "-alias", name, "-file", signed.toString());
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, STORE_PASSWORD.toCharArray());
            }
            X509Certificate ca = (X509Certificate) keys.getCertificate(CA_ALIAS);
            Certificate[] chain = keys.getCertificateChain(name);
            PrivateKey key = (PrivateKey) keys.getKey(name, STORE_PASSWORD.toCharArray());
            TestCertificates made = new TestCertificates(dir, name, ca, (X509Certificate) chain[0]);
            write(made.caPem(), pem("CERTIFICATE", ca.getEncoded()));
            List<String> blocks = new ArrayList<>();
            for (Certificate c : chain) {
                blocks.add(pem("CERTIFICATE", c.getEncoded()));
            }
            write(made.chainPem(), String.join("", blocks));
            write(made.privateKeyPem(), pem("PRIVATE KEY", key.getEncoded()));
            return made;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test key store " + store + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export test certificate " + name + " to " + dir, e);
        }
    }

    private static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    /** Owner-only: the private key is in one of these files, and Mosquitto runs as this user. */
    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** Runs keytool on {@code store}; fails with its exit code and its output. */
    private static void keytool(Path store, String... args) {
        List<String> command = new ArrayList<>(List.of(KEYTOOL.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", STORE_PASSWORD, "-noprompt"));
        String what = "keytool " + String.join(" ", args);
        Path log = store.resolveSibling("keytool.log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            boolean finished = p.waitFor(KEYTOOL_WAIT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8).strip();
            if (!finished) {
                throw new IllegalStateException(what + " did not finish in " + KEYTOOL_WAIT_SECONDS + " s: " + output);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed with exit code " + p.exitValue() + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + KEYTOOL + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }
}
