package org.smartclinic.simulator.cli;

import org.smartclinic.simulator.fhir.FhirSandbox;
import org.smartclinic.simulator.fhir.FhirSandboxStartException;
import org.smartclinic.simulator.fhir.auth.PublicKeys;
import org.smartclinic.simulator.fhir.auth.RequestAuthorizer;
import org.smartclinic.simulator.fhir.auth.SmartTokenServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code simulator fhir-sandbox}: serves the in-memory FHIR R4 sandbox until interrupted (Ctrl-C). Prints the base
 * URL once the port is bound and {@code ready} once the validator is warmed up; exits 1 if it cannot start (e.g.
 * the port is taken).
 */
@Command(name = "fhir-sandbox", description = "Serve the in-memory FHIR R4 sandbox.", mixinStandardHelpOptions = true)
public final class FhirSandboxCommand implements Callable<Integer> {

    private static final Duration WARM_UP_LIMIT = Duration.ofMinutes(2);

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Interface to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    private String host;

    @Option(names = "--port", defaultValue = "8090", description = "TCP port (default: ${DEFAULT-VALUE}; 0 = any free).")
    private int port;

    @Option(names = "--no-validate", description = "Accept resources without validating them (load tests).")
    private boolean noValidate;

    @Option(names = "--bearer-token-file", paramLabel = "FILE",
            description = "Require this static bearer token (the content of FILE) on every request.")
    private Path bearerTokenFile;

    @Option(names = "--smart-client", paramLabel = "ID=PUBLIC_KEY_PEM",
            description = "Require SMART Backend Services tokens: start a token server beside the sandbox and register"
                    + " this client with its public key (PEM file; repeatable). Discovery at <base>/.well-known/"
                    + "smart-configuration.")
    private Map<String, Path> smartClients = new LinkedHashMap<>();

    private SmartTokenServer tokens;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        FhirSandbox.Settings settings;
        try {
            settings = FhirSandbox.Settings.defaults().withHost(host).withPort(port).withValidate(!noValidate)
                    .withAuthorizer(authorizer(out));
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("Cannot set up authentication: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (SmartTokenServer tokenServer = tokens; FhirSandbox sandbox = FhirSandbox.start(settings)) {
            Thread hook = new Thread(() -> {
                sandbox.close();
                stopped.countDown();
            }, "fhir-sandbox-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("FHIR sandbox listening on " + sandbox.baseUrl());
            out.flush();
            if (!sandbox.awaitReady(WARM_UP_LIMIT)) {
                spec.commandLine().getErr().println("Validator not warmed up after " + WARM_UP_LIMIT
                        + "; serving anyway, validating requests wait for it");
            }
            out.println("ready");
            out.flush();
            awaitStop(stopped, hook);
            return 0;
        } catch (FhirSandboxStartException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
    }

    /** What requests must carry: nothing, a static bearer token, or a token of a token server started here. */
    private RequestAuthorizer authorizer(PrintWriter out) throws IOException {
        if (bearerTokenFile != null && !smartClients.isEmpty()) {
            throw new IllegalArgumentException("use either --bearer-token-file or --smart-client");
        }
        if (bearerTokenFile != null) {
            return RequestAuthorizer.bearer(Files.readString(bearerTokenFile).strip());
        }
        if (smartClients.isEmpty()) {
            return null;
        }
        tokens = SmartTokenServer.start();
        for (Map.Entry<String, Path> client : smartClients.entrySet()) {
            tokens.registerClient(client.getKey(), PublicKeys.parse(Files.readString(client.getValue())));
        }
        out.println("SMART token endpoint " + tokens.tokenUrl());
        return tokens.authorizer();
    }

    /** Blocks until Ctrl-C (the hook counts down) or until this thread is interrupted (embedding, tests). */
    private static void awaitStop(CountDownLatch stopped, Thread hook) {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            removeHook(hook);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already stopping: the hook closes the sandbox itself.
        }
    }
}
