package org.kerone.cli;

import java.io.PrintStream;
import java.util.function.BooleanSupplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Prints the warnings and errors logged in the framework on standard error, one line each
 * ({@code kerone: <message>}): the live platform's refusals (a configuration it cannot use, an
 * accelerator that fits no PRR, ...) and the hot-deploy watcher's problems reach the user this way.
 * While the framework stops, nothing is printed: every bundle's services go away then, and the
 * complaints that causes (a policy no longer available, ...) are expected.
 */
@Component(immediate = true)
public final class LogPrinter implements LogListener {
    private final PrintStream err;
    private final BooleanSupplier stopping;

    @Activate
    public LogPrinter(BundleContext context) {
        this(System.err, () -> stopping(context));
    }

    LogPrinter(PrintStream err, BooleanSupplier stopping) {
        this.err = err;
        this.stopping = stopping;
    }

    private static boolean stopping(BundleContext context) {
        try {
            return context.getBundle(0).getState() == Bundle.STOPPING;
        } catch (IllegalStateException e) {
            return true; // this bundle is stopped: so is the framework, or soon
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addReader(LogReaderService reader) {
        reader.addLogListener(this);
    }

    void removeReader(LogReaderService reader) {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        String line = line(entry);
        if (line != null && !stopping.getAsBoolean()) {
            err.println(line);
            err.flush();
        }
    }

    /** The line for an entry at WARN or ERROR, or null for the others. */
    static String line(LogEntry entry) {
        LogLevel level = entry.getLogLevel();
        if (level != LogLevel.WARN && level != LogLevel.ERROR) {
            return null;
        }
        String message = entry.getMessage() == null ? "" : entry.getMessage();
        Throwable problem = entry.getException();
        if (problem != null) {
            String cause = problem.getMessage() == null ? problem.toString() : problem.getMessage();
            if (message.isEmpty()) {
                message = cause;
            } else if (!message.contains(cause)) {
                message = message + ": " + cause;
            }
        }
        return "kerone: " + message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
