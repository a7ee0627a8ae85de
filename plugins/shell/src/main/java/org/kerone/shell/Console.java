package org.kerone.shell;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The interactive console of the live mode, which the main job runs when there is a terminal: reads
 * Gogo command lines from standard input and runs them in one Gogo session, until end of input
 * (Ctrl-D) or {@code exit}; returns without stopping the framework (the main job does that).
 *
 * <p>It is not gogo.shell's console: that one sources a login profile which adds the methods of
 * {@code java.lang.System} as commands, so that {@code load} may run {@code System.load} instead of
 * {@code kerone:load}. This session searches the {@code kerone} scope first. Gogo's own console
 * stays off ({@code gosh.args=--nointeractive}): batch runs and runs without a terminal never read
 * standard input.
 */
@Component(service = Callable.class, property = "kerone.console=gogo")
public final class Console implements Callable<Integer> {
    static final String PROMPT = "kerone> ";
    /** Command scopes searched for a name without scope: ours, Gogo's built-ins, then every other. */
    static final String SCOPE = "kerone:gogo:*";

    /** What the console needs of a Gogo session. */
    interface Session {
        Object execute(String line) throws Exception;

        CharSequence format(Object result);
    }

    private final CommandProcessor processor;

    @Activate
    public Console(@Reference CommandProcessor processor) {
        this.processor = processor;
    }

    @Override
    public Integer call() throws Exception {
        InputStream in = unclosable(new FileInputStream(FileDescriptor.in));
        PrintStream out = new PrintStream(unclosable(new FileOutputStream(FileDescriptor.out)), true, Charset.defaultCharset());
        PrintStream err = new PrintStream(unclosable(new FileOutputStream(FileDescriptor.err)), true, Charset.defaultCharset());
        CommandSession session = processor.createSession(in, out, err);
        try {
            session.put("SCOPE", SCOPE);
            run(new BufferedReader(new InputStreamReader(in, Charset.defaultCharset())), out, err, new Session() {
                @Override
                public Object execute(String line) throws Exception {
                    return session.execute(line);
                }

                @Override
                public CharSequence format(Object result) {
                    return session.format(result, Converter.INSPECT);
                }
            });
            return 0;
        } finally {
            session.close();
        }
    }

    /** The read-run-print loop: one command line per input line; a failing line prints one line on {@code err}. */
    static void run(BufferedReader in, PrintStream out, PrintStream err, Session session) throws IOException {
        while (true) {
            out.print(PROMPT);
            out.flush();
            String line = in.readLine();
            if (line == null) {
                out.println();
                return;
            }
            line = line.strip();
            if (line.equals("exit") || line.equals("quit")) {
                return;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                Object result = session.execute(line);
                if (result != null) {
                    String text = session.format(result).toString();
                    out.print(text.endsWith("\n") ? text : text + "\n");
                }
            } catch (Exception e) {
                String message = e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
                err.println("gogo: " + message.strip().replaceAll("\\s*\\R\\s*", " "));
            }
            out.flush();
            err.flush();
        }
    }

    /** The standard streams outlive the session: closing it must not close them. */
    private static InputStream unclosable(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // keep file descriptor 0 open
            }
        };
    }

    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
