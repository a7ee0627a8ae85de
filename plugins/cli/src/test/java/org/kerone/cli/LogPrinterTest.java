package org.kerone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

class LogPrinterTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private boolean stopping;
    private final LogPrinter printer = new LogPrinter(new PrintStream(err, true, StandardCharsets.UTF_8), () -> stopping);

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
    void nothingIsPrintedWhileTheFrameworkStops() {
        stopping = true;

        printer.logged(entry(LogLevel.ERROR, "policy 'priority' is not available", null));

        assertThat(stderr()).isEmpty();
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
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
