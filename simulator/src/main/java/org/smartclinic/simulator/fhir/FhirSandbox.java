package org.smartclinic.simulator.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.simulator.fhir.auth.RequestAuthorizer;
import org.smartclinic.simulator.fhir.internal.AuthorizationFilter;
import org.smartclinic.simulator.fhir.internal.ResourceStore;
import org.smartclinic.simulator.fhir.internal.ResourceValidator;
import org.smartclinic.simulator.fhir.internal.SandboxRestfulServer;
import org.smartclinic.simulator.fhir.internal.SandboxValidator;
import org.smartclinic.simulator.fhir.internal.SearchParameters;
import org.smartclinic.simulator.fhir.internal.TransactionEngine;

import java.net.BindException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An in-process FHIR R4 server that stands in for the clinic's cloud EHR in demos and tests: HAPI's
 * {@code RestfulServer} in embedded Jetty 12 (ee10), backed by an in-memory store, answering like a HAPI FHIR JPA
 * server 8.8.0 and validating everything it receives. Its feature set is frozen to what the gateway uses
 * (docs/fhir-sandbox.md); anything else is refused with 400 (404 for a type it does not host) and an
 * OperationOutcome, never ignored:
 * <ul>
 *   <li>types Patient, Device, Encounter, Observation, DiagnosticReport, AuditEvent, Specimen;</li>
 *   <li>read/vread; create, also with If-None-Exist (201, 200 with the match, 412 when several match); update by id
 *       (with If-Match; client ids that are not purely numeric create) or by search URL (create, update, 412);
 *       transactions of POST/PUT/GET entries with {@code urn:uuid:} placeholders, all or nothing;</li>
 *   <li>search with paging and totals: {@code _id}; Patient {@code identifier}, {@code family}, {@code given},
 *       {@code name} (starts with, case- and accent-insensitive as HAPI normalizes; {@code :exact}),
 *       {@code birthdate} (eq at year/month/day), {@code gender}; the other types {@code identifier},
 *       {@code subject}, {@code patient}, {@code encounter}, {@code code}, {@code device}, {@code status},
 *       {@code specimen}, {@code has-member}, {@code accession} as each type has them; AuditEvent {@code entity},
 *       {@code date} (eq at year/month/day); comma = OR, FHIR escapes {@code \,} {@code \|} {@code \$} {@code \\};</li>
 *   <li>conditional URLs parsed by HAPI's own match-URL parser (raw space: HAPI-1744); references to resources
 *       that do not exist refused (HAPI-1094).</li>
 * </ul>
 * <pre>{@code
 * try (FhirSandbox sandbox = FhirSandbox.start(FhirSandbox.Settings.defaults().withPort(0))) {
 *     sandbox.awaitReady(Duration.ofSeconds(60));   // validator warmed up
 *     uplink.send(bundle, sandbox.baseUrl());        // e.g. http://127.0.0.1:41234/fhir
 * }
 * }</pre>
 * Several sandboxes can run in one JVM (e.g. inside the gateway's Quarkus app): each has its own store, validator
 * and Jetty server, and nothing is global. Its threads are daemons.
 */
public final class FhirSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FhirSandbox.class);
    private static final int MAX_THREADS = 32;
    private static final int MIN_THREADS = 2;

    /**
     * Where and how the sandbox serves.
     *
     * @param host        interface to bind, e.g. {@code 127.0.0.1} (loopback only) or {@code 0.0.0.0}
     * @param port        TCP port; 0 picks a free one ({@link FhirSandbox#port()} tells which)
     * @param contextPath path of the FHIR base, e.g. {@code /fhir}; normalized to a leading slash and no trailing
     *                    one ({@code ""} serves at the root)
     * @param validate    validate every incoming resource (422 when invalid); {@code false} for load tests
     * @param authorizer  what each request's {@code Authorization} header must satisfy (401 otherwise), e.g.
     *                    {@code SmartTokenServer.authorizer()}; {@code null}: open to all
     */
    public record Settings(String host, int port, String contextPath, boolean validate,
                           RequestAuthorizer authorizer) {

        public Settings {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0-65535 (0 = any free port), was " + port);
            }
            contextPath = normalizePath(contextPath);
        }

        /** Open to all (no {@link #authorizer}). */
        public Settings(String host, int port, String contextPath, boolean validate) {
            this(host, port, contextPath, validate, null);
        }

        /** {@code 127.0.0.1:8090}, base {@code /fhir}, validating. */
        public static Settings defaults() {
            return new Settings("127.0.0.1", 8090, "/fhir", true);
        }

        public Settings withHost(String newHost) {
            return new Settings(newHost, port, contextPath, validate, authorizer);
        }

        public Settings withPort(int newPort) {
            return new Settings(host, newPort, contextPath, validate, authorizer);
        }

        public Settings withContextPath(String newContextPath) {
            return new Settings(host, port, newContextPath, validate, authorizer);
        }

        public Settings withValidate(boolean newValidate) {
            return new Settings(host, port, contextPath, newValidate, authorizer);
        }

        /** Requires each request to satisfy {@code newAuthorizer} ({@code null}: open to all). */
        public Settings withAuthorizer(RequestAuthorizer newAuthorizer) {
            return new Settings(host, port, contextPath, validate, newAuthorizer);
        }

        private static String normalizePath(String path) {
            String trimmed = path == null ? "" : path.strip().replaceAll("/+$", "");
            return trimmed.isEmpty() || trimmed.startsWith("/") ? trimmed : "/" + trimmed;
        }
    }

    private final Server jetty;
    private final String baseUrl;
    private final int port;
    private final CompletableFuture<Void> ready;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FhirSandbox(Server jetty, String baseUrl, int port, CompletableFuture<Void> ready) {
        this.jetty = jetty;
        this.baseUrl = baseUrl;
        this.port = port;
        this.ready = ready;
    }

    /** Starts a sandbox with its own R4 {@link FhirContext}. */
    public static FhirSandbox start(Settings settings) {
        return start(settings, FhirContext.forR4());
    }

    /**
     * Starts a sandbox sharing the process's R4 {@link FhirContext} (creating one costs seconds). Returns once the
     * port is bound; the validator warms up in the background (see {@link #awaitReady}), and validating requests
     * that arrive earlier wait for it.
     *
     * @throws FhirSandboxStartException when the port is in use or the server cannot start
     */
    public static FhirSandbox start(Settings settings, FhirContext fhirContext) {
        Objects.requireNonNull(settings, "settings");
        if (fhirContext.getVersion().getVersion() != FhirVersionEnum.R4) {
            throw new IllegalArgumentException("The FHIR sandbox serves R4; got a "
                    + fhirContext.getVersion().getVersion() + " FhirContext");
        }
        SandboxValidator validator = settings.validate() ? new SandboxValidator(fhirContext) : null;
        ResourceValidator resourceValidator = validator != null ? validator : ResourceValidator.NONE;
        TransactionEngine engine = new TransactionEngine(fhirContext,
                new ResourceStore(SearchParameters.r4(fhirContext)), resourceValidator);
        Server jetty = jetty(settings, new SandboxRestfulServer(fhirContext, engine, resourceValidator));
        int port = startJetty(jetty, settings);
        FhirSandbox sandbox = new FhirSandbox(jetty, baseUrl(settings, port), port, warmUp(validator, port));
        LOG.info("FHIR sandbox listening on {} (validation {}, {})", sandbox.baseUrl,
                settings.validate() ? "on" : "off", settings.authorizer() == null ? "open" : "authorization required");
        return sandbox;
    }

    /** The FHIR base URL, e.g. {@code http://127.0.0.1:8090/fhir}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The bound port (the chosen one when {@link Settings#port()} was 0). */
    public int port() {
        return port;
    }

    /**
     * Waits until the validator is warmed up (immediately true when validation is off).
     *
     * @return {@code true} when ready, {@code false} if {@code timeout} passed first
     * @throws IllegalStateException if the warm-up failed
     */
    public boolean awaitReady(Duration timeout) {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("FHIR sandbox validator warm-up failed", e.getCause());
        }
    }

    public boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    /** Stops serving and frees the port; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Jetty's stop waits on latches: a caller that was interrupted (e.g. to end the CLI) must still stop it.
        boolean interrupted = Thread.interrupted();
        try {
            jetty.stop();
            LOG.info("FHIR sandbox on {} stopped", baseUrl);
        } catch (Exception e) {
            LOG.warn("FHIR sandbox on {} did not stop cleanly", baseUrl, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "FhirSandbox[" + baseUrl + "]";
    }

    private static Server jetty(Settings settings, SandboxRestfulServer servlet) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("fhir-sandbox");
        threads.setDaemon(true);
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(
                settings.contextPath().isEmpty() ? "/" : settings.contextPath());
        // FHIR clients post transactions and follow paging links at the bare base URL ("/fhir", no slash).
        context.setAllowNullPathInContext(true);
        ServletHolder holder = new ServletHolder("fhir", servlet);
        holder.setInitOrder(1);
        context.addServlet(holder, "/*");
        if (settings.authorizer() != null) {
            context.addFilter(new FilterHolder(new AuthorizationFilter(settings.authorizer())), "/*",
                    EnumSet.of(DispatcherType.REQUEST));
        }
        jetty.setHandler(context);
        return jetty;
    }

    private static int startJetty(Server jetty, Settings settings) {
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            if (causedBy(e, BindException.class)) {
                throw new FhirSandboxStartException("Port " + settings.port() + " on " + settings.host()
                        + " is already in use; choose another port (Settings.withPort(...), or --port on the"
                        + " command line), or port 0 for any free one", e);
            }
            throw new FhirSandboxStartException("FHIR sandbox failed to start on " + settings.host() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
        if (!((ServletContextHandler) jetty.getHandler()).isAvailable()) {
            stopQuietly(jetty);
            throw new FhirSandboxStartException("FHIR sandbox servlet failed to initialize; see the log", null);
        }
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    private static CompletableFuture<Void> warmUp(SandboxValidator validator, int port) {
        if (validator == null) {
            return CompletableFuture.completedFuture(null);
        }
        Thread thread = new Thread(() -> {
            try {
                validator.warmUp();
            } catch (RuntimeException e) {
                LOG.error("FHIR sandbox validator warm-up failed", e);
            }
        }, "fhir-sandbox-warmup-" + port);
        thread.setDaemon(true);
        thread.start();
        return validator.warmedUp();
    }

    private static String baseUrl(Settings settings, int port) {
        String host = switch (settings.host()) {
            case "0.0.0.0", "::", "[::]" -> "localhost";
            default -> settings.host().contains(":") && !settings.host().startsWith("[")
                    ? "[" + settings.host() + "]" : settings.host();
        };
        return "http://" + host + ":" + port + settings.contextPath();
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.debug("Stopping a FHIR sandbox that failed to start", e);
        }
    }
}
