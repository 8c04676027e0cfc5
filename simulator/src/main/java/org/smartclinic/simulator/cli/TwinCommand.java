package org.smartclinic.simulator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every command that runs a twin does around it, so that a command only says how to start its twin and what
 * to print. The engine's INFO logs stay off the console (the progress lines say it better) unless a log level was
 * set; a twin that cannot start is explained on stderr with exit code 1; a started one runs until it is done, its
 * time limit passes, or Ctrl-C / SIGTERM ({@link UntilStopped}: the shutdown hook lets this thread finish); then it
 * is closed and its totals are printed, also after Ctrl-C.
 *
 * <p>Lines from the twin's thread and from this one go through {@link #line(String)}, whole, so they never mix.
 *
 * @param <T> the twin
 */
abstract class TwinCommand<T extends AutoCloseable> implements Callable<Integer> {

    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    @Spec
    CommandSpec spec;

    /**
     * Builds and starts the twin, its progress going to {@link #line(String)}; {@code run.done()} once it has
     * nothing more to do. An option the twin refuses is a {@link #usage(String)} error.
     *
     * @throws IOException if the twin cannot start; {@link #cannotStart(IOException)} says why
     */
    abstract T start(UntilStopped run) throws IOException;

    /** The lines for stderr when {@link #start(UntilStopped)} failed. */
    abstract List<String> cannotStart(IOException e);

    /** Prints the totals of the closed twin; returns the exit code. */
    abstract int totals(T twin);

    /** Once the twin is started, before waiting: for a header that needs the running twin. Default nothing. */
    void started(T twin) {
    }

    /** How long to run at most; ZERO (the default) = until done or stopped. */
    Duration limit() {
        return Duration.ZERO;
    }

    @Override
    public final Integer call() throws Exception {
        if (System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, "warn");
        }
        try (UntilStopped run = new UntilStopped(spec.name())) {
            T twin;
            try {
                twin = start(run);
            } catch (IOException e) {
                PrintWriter err = spec.commandLine().getErr();
                cannotStart(e).forEach(err::println);
                err.flush();
                return 1;
            }
            try (twin) {
                started(twin);
                run.await(limit());
            }
            return totals(twin);
        }
    }

    /** Prints one line (or several joined by line separators) to stdout, whole, from any thread. */
    void line(String text) {
        PrintWriter out = spec.commandLine().getOut();
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    /** An option given on the command line goes to the twin's builder; one left out keeps the builder's default. */
    static <V> void given(V option, Consumer<V> setter) {
        if (option != null) {
            setter.accept(option);
        }
    }

    /** A usage error: picocli prints it with the usage and the command exits with 2. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
