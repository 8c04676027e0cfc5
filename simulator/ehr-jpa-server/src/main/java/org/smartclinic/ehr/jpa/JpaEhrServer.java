package org.smartclinic.ehr.jpa;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import ca.uhn.fhir.rest.server.RestfulServer;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * A full HAPI FHIR JPA server (R4, H2) — the reference "real EHR" the tests talk to, in a JVM of its own because it
 * brings Spring and Hibernate.
 *
 * <pre>java -cp target/classes:$(cat target/jpa-server.classpath) org.smartclinic.ehr.jpa.JpaEhrServer [--port N] [--data-dir DIR]</pre>
 *
 * <ul>
 *   <li>{@code --port N}: the HTTP port; {@code 0} (the default) picks a free one.</li>
 *   <li>{@code --data-dir DIR}: keep the H2 database in files under {@code DIR} (it survives a restart of the
 *       server); without it the database lives in memory and is gone when the process ends.</li>
 *   <li>{@code --auth-server URL}: require a bearer token that this OAuth2 server (the simulator's
 *       {@code SmartTokenServer}) says is active, and serve its {@code .well-known/smart-configuration}
 *       ({@link TokenIntrospectionInterceptor}); without it the server is open to all.</li>
 * </ul>
 * Listens on 127.0.0.1 only and serves FHIR R4 at {@code http://127.0.0.1:<port>/fhir}. Once it answers
 * {@code GET /fhir/metadata}, prints exactly one line {@code JPA-EHR READY http://127.0.0.1:<port>/fhir} on stdout;
 * everything else (logs, at WARN) goes to stderr. The server's behaviour (client ids, referential integrity, no
 * validation, no search-result caching ...) is described on {@link JpaEhrConfig}.
 */
public final class JpaEhrServer {

    public static final String READY_PREFIX = "JPA-EHR READY ";

    private JpaEhrServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        Path dataDir = null;
        String authServer = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                case "--auth-server" -> authServer = value(args, ++i, "--auth-server");
                default -> usage("unknown argument " + args[i]);
            }
        }

        String jdbcUrl;
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            jdbcUrl = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("ehr") + ";DB_CLOSE_ON_EXIT=FALSE";
        } else {
            jdbcUrl = "jdbc:h2:mem:ehr;DB_CLOSE_DELAY=-1";
        }

        AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext();
        spring.getEnvironment().getPropertySources().addFirst(
                new MapPropertySource("smartclinic-ehr", Map.of(JpaEhrConfig.JDBC_URL_PROPERTY, jdbcUrl)));
        spring.register(JpaEhrConfig.class);
        spring.refresh();

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        RestfulServer server = spring.getBean(RestfulServer.class);
        ServletHolder fhir = new ServletHolder("fhir", server);
        fhir.setInitOrder(1);
        context.addServlet(fhir, "/fhir/*");
        jetty.setHandler(context);
        jetty.setStopAtShutdown(false); // stopped below, before Spring, so no request outlives the database

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                jetty.stop();
            } catch (Exception e) {
                System.err.println("JPA EHR: stopping Jetty failed: " + e);
            }
            spring.close();
        }, "jpa-ehr-shutdown"));

        jetty.start();
        String baseUrl = "http://127.0.0.1:" + connector.getLocalPort() + "/fhir";
        awaitMetadata(baseUrl);
        if (authServer != null) {
            // after the warm-up, which reads /metadata without a token
            server.registerInterceptor(new TokenIntrospectionInterceptor(authServer));
        }
        System.out.println(READY_PREFIX + baseUrl);
        System.out.flush();
        jetty.join();
    }

    /** Asks for the CapabilityStatement until it comes (it also warms the server up before the first test request). */
    private static void awaitMetadata(String baseUrl) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest metadata = HttpRequest.newBuilder(URI.create(baseUrl + "/metadata"))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/fhir+json").build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(metadata, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + r.statusCode() + ": " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("GET " + baseUrl + "/metadata never answered 200; last: " + last);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("JpaEhrServer: " + problem);
        System.err.println("usage: JpaEhrServer [--port N (0 = free port)] [--data-dir DIR (H2 files; default: in memory)]"
                + " [--auth-server URL (require its bearer tokens)]");
        System.exit(2);
    }
}
