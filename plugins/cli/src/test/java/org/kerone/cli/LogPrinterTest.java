package org.kerone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

class LogPrinterTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private boolean stopping;
    private final LogPrinter printer = new LogPrinter(new PrintStream(err, true, StandardCharsets.UTF_8), () -> stopping,
            id -> id == 31 ? bundle("accelerators.adler32", "1.0.0", "file:/tmp/deploy/adler32.jar") : null);

    @Test
    void warningsAndErrorsAreOneLineEach() {
        printer.logged(entry(LogLevel.ERROR, "refused accelerator bundle x: device 'x' fits no PRR", null));
        printer.logged(entry(LogLevel.WARN, "configuration kerone.prr~a: id 'a b' is not a PRR name;\nPRR not added", null));

        assertThat(stderr()).isEqualTo("""
                kerone: refused accelerator bundle x: device 'x' fits no PRR
                kerone: configuration kerone.prr~a: id 'a b' is not a PRR name; PRR not added
                """);
    }

    @Test
    void infoDebugAndTraceAreNotPrinted() {
        for (LogLevel level : new LogLevel[] {LogLevel.INFO, LogLevel.DEBUG, LogLevel.TRACE, LogLevel.AUDIT}) {
            printer.logged(entry(level, "device 'aes128' installed", null));
        }

        assertThat(stderr()).isEmpty();
    }

    @Test
    void anExceptionAddsItsMessageNotItsStackTrace() {
        printer.logged(entry(LogLevel.ERROR, "The activate method has thrown an exception",
                new IllegalArgumentException("no profile named slow")));
        printer.logged(entry(LogLevel.ERROR, "", new IllegalStateException("broken")));
        printer.logged(entry(LogLevel.ERROR, "cannot read: broken pipe", new java.io.IOException("broken pipe")));

        assertThat(stderr()).isEqualTo("""
                kerone: The activate method has thrown an exception: no profile named slow
                kerone: broken
                kerone: cannot read: broken pipe
                """);
    }

    @Test
    void aComponentThatCannotBeCreatedNamesTheRootCauseWithoutTheFrameworksFollowUp() {
        // an accelerator whose DeviceInfo constant refuses its name: the class cannot initialize
        Throwable error = new ExceptionInInitializerError(
                new IllegalArgumentException("device name 'Bad-Name' must match [a-z][a-z0-9_]{0,31}"));
        printer.logged(entry(LogLevel.ERROR, "bundle hostile.badname:0.1.0 (31)[org.hostile.badname.BadName(26)] : "
                + "Error during instantiation of the implementation object", error));
        printer.logged(entry(LogLevel.ERROR, "FrameworkEvent ERROR", new org.osgi.framework.ServiceException(
                "Service factory returned null. (Component: org.hostile.badname.BadName (26))", 3)));
        // the same as the Log service may hand it on: a copy whose message starts with the exception's class
        printer.logged(entry(LogLevel.ERROR, "FrameworkEvent ERROR", new RuntimeException(
                "org.osgi.framework.ServiceException: Service factory returned null. (Component: org.hostile.badname.BadName (26))")));

        assertThat(stderr()).isEqualTo("""
                kerone: bundle hostile.badname:0.1.0 (31)[org.hostile.badname.BadName(26)] : Error during instantiation of the \
                implementation object: java.lang.ExceptionInInitializerError (caused by java.lang.IllegalArgumentException: \
                device name 'Bad-Name' must match [a-z][a-z0-9_]{0,31})
                """);
    }

    @Test
    void aClassABundleCannotLoadNamesThatBundleOnceAndNotTheOneThatAskedForItsService() {
        // as Felix reports a service whose class does not import the platform's API: under the
        // bundle that asked for the service, with the class loader's message at the bottom
        Throwable cause = new ClassNotFoundException("org.kerone.fpga.accel.AbstractAccelerator not found by accelerators.adler32 [31]");
        Throwable error = new IllegalStateException("Service factory exception: org/kerone/fpga/accel/AbstractAccelerator",
                new NoClassDefFoundError("org/kerone/fpga/accel/AbstractAccelerator").initCause(cause));
        printer.logged(entry(LogLevel.ERROR, "FrameworkEvent ERROR", error));
        printer.logged(entry(LogLevel.WARN, "bundle platform.vmm:0.1.0 (8)[org.kerone.vmm.internal.LivePlatform(18)] : "
                + "Could not get service from ref [org.kerone.fpga.accel.Accelerator]", null));
        printer.logged(entry(LogLevel.WARN, "bundle platform.vmm:0.1.0 (8)[org.kerone.vmm.internal.LivePlatform(18)] : DependencyManager : "
                + "invokeBindMethod : Service not available from service registry for ServiceReference [org.kerone.fpga.accel.Accelerator] "
                + "for reference Accelerator", null));
        printer.logged(entry(LogLevel.ERROR, "FrameworkEvent ERROR", error));
        // a bundle probing for an optional class, at debug level: not a problem
        printer.logged(entry(LogLevel.DEBUG, "optional support not found",
                new ClassNotFoundException("org.example.Optional not found by accelerators.adler32 [31]")));
        // a bundle the framework no longer knows: named as the class loader named it
        printer.logged(entry(LogLevel.ERROR, "FrameworkEvent ERROR",
                new NoClassDefFoundError("x/Y").initCause(new ClassNotFoundException("x.Y not found by gone [40]"))));

        assertThat(stderr()).isEqualTo("""
                kerone: bundle accelerators.adler32 1.0.0 (file:/tmp/deploy/adler32.jar) cannot load class \
                org.kerone.fpga.accel.AbstractAccelerator (does its manifest import package org.kerone.fpga.accel?)
                kerone: bundle gone cannot load class x.Y (does its manifest import package x?)
                """);
    }

    @Test
    void anExceptionWhoseCausesLoopIsPrintedOnce() {
        // a cause chain that comes back to its start (a -> b -> a): walking it to its root never ended
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> printer.logged(entry(LogLevel.ERROR, "it failed", b)));

        assertThat(stderr()).isEqualTo("kerone: it failed: b" + System.lineSeparator());
    }

    @Test
    void nothingIsPrintedWhileTheFrameworkStops() {
        stopping = true;

        printer.logged(entry(LogLevel.ERROR, "policy 'priority' is not available", null));

        assertThat(stderr()).isEmpty();
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static Bundle bundle(String name, String version, String location) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> name;
                    case "getVersion" -> Version.parseVersion(version);
                    case "getLocation" -> location;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static LogEntry entry(LogLevel level, String message, Throwable exception) {
        return (LogEntry) Proxy.newProxyInstance(LogEntry.class.getClassLoader(), new Class<?>[] {LogEntry.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getLogLevel" -> level;
                    case "getMessage" -> message;
                    case "getException" -> exception;
                    case "toString" -> level + " " + message;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
