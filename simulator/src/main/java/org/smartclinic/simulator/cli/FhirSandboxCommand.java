package org.smartclinic.simulator.cli;

import org.smartclinic.simulator.fhir.FhirSandbox;
import org.smartclinic.simulator.fhir.FhirSandboxStartException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        FhirSandbox.Settings settings = FhirSandbox.Settings.defaults()
                .withHost(host).withPort(port).withValidate(!noValidate);
        CountDownLatch stopped = new CountDownLatch(1);
        try (FhirSandbox sandbox = FhirSandbox.start(settings)) {
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
