package org.kerone.cli;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 *
 * <p>A bundle whose manifest lacks an import (its service is registered, but its class cannot load
 * a class of the platform's API) shows in the framework's log under the bundle that asked for the
 * service, the platform's: the line names the bundle that failed instead, once, and leaves out
 * SCR's follow-up warnings about that service not being available.
 */
@Component(immediate = true)
public final class LogPrinter implements LogListener {
    /** Felix's message for a class a bundle's class loader did not find: the class, the bundle's name and id. */
    private static final Pattern NOT_FOUND = Pattern.compile("(\\S+) not found by (\\S+) \\[(\\d+)\\]");
    /** SCR's warnings when a service it binds cannot be got: the framework's own error says why. */
    private static final Pattern SERVICE_NOT_GOT = Pattern.compile(
            ".*(Could not get service from ref|Service not available from service registry for ServiceReference).*");
    /**
     * The framework's error when SCR could not create a component's object: SCR's own error says why.
     * (The Log service may hand the exception on as a copy whose message starts with the class's name.)
     */
    private static final Pattern FACTORY_NULL = Pattern.compile("(\\S+: )?Service factory returned null.*");

    private final PrintStream err;
    private final BooleanSupplier stopping;
    private final LongFunction<Bundle> bundles;
    /** Bundles and classes already reported as not loadable. */
    private final Set<String> told = ConcurrentHashMap.newKeySet();

    @Activate
    public LogPrinter(BundleContext context) {
        this(System.err, () -> stopping(context), context::getBundle);
    }

    LogPrinter(PrintStream err, BooleanSupplier stopping, LongFunction<Bundle> bundles) {
        this.err = err;
        this.stopping = stopping;
        this.bundles = bundles;
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
        String line = notLoadable(entry);
        if (line == null) {
            line = line(entry);
        } else if (!told.add(line)) {
            return;
        }
        if (line != null && !stopping.getAsBoolean()) {
            err.println(line);
            err.flush();
        }
    }

    /**
     * The line for an entry whose exception is a class a bundle could not load, naming that bundle,
     * or null for other entries.
     */
    private String notLoadable(LogEntry entry) {
        if (entry.getLogLevel() != LogLevel.WARN && entry.getLogLevel() != LogLevel.ERROR) {
            return null;
        }
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = entry.getException(); t != null && seen.add(t); t = t.getCause()) {
            Matcher m = t.getMessage() == null ? null : NOT_FOUND.matcher(t.getMessage());
            if (m != null && m.find()) {
                Bundle b = bundles.apply(Long.parseLong(m.group(3)));
                String which = b == null ? m.group(2) : b.getSymbolicName() + " " + b.getVersion() + " (" + b.getLocation() + ")";
                String cls = m.group(1);
                int dot = cls.lastIndexOf('.');
                return "kerone: bundle " + which + " cannot load class " + cls
                        + (dot > 0 ? " (does its manifest import package " + cls.substring(0, dot) + "?)" : "");
            }
        }
        return null;
    }

    /** The line for an entry at WARN or ERROR, or null for the others. */
    static String line(LogEntry entry) {
        LogLevel level = entry.getLogLevel();
        if (level != LogLevel.WARN && level != LogLevel.ERROR) {
            return null;
        }
        String message = entry.getMessage() == null ? "" : entry.getMessage();
        if (SERVICE_NOT_GOT.matcher(message).matches()) {
            return null;
        }
        Throwable problem = entry.getException();
        if (problem != null && problem.getMessage() != null && FACTORY_NULL.matcher(problem.getMessage()).matches()) {
            return null;
        }
        if (problem != null) {
            String cause = problem.getMessage() == null ? problem.toString() : problem.getMessage();
            if (message.isEmpty()) {
                message = cause;
            } else if (!message.contains(cause)) {
                message = message + ": " + cause;
            }
            // a wrapper (an ExceptionInInitializerError, an InvocationTargetException) says nothing of the problem: its root does
            Throwable root = Command.rootCause(problem);
            String why = root.getMessage() == null ? root.toString() : root.getMessage();
            if (root != problem && !message.contains(why)) {
                message = message + " (caused by " + root + ")";
            }
        }
        return "kerone: " + message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
