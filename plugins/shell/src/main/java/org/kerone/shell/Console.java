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
                err.println(problem(e));
            }
            out.flush();
            err.flush();
        }
    }

    /** Gogo's refusal of a command's arguments: "Cannot coerce load(Token) to any of [(String, String)]". */
    private static final java.util.regex.Pattern WRONG_ARGUMENTS =
            java.util.regex.Pattern.compile("Cannot coerce (\\w+)\\((.*)\\) to any of \\[(.*)\\]");
    /** The commands of scope kerone, {@link PlatformCommands}' public methods: their argument counts are worth a plain sentence. */
    private static final java.util.Set<String> OURS = java.util.Arrays.stream(PlatformCommands.class.getDeclaredMethods())
            .filter(m -> java.lang.reflect.Modifier.isPublic(m.getModifiers())).map(java.lang.reflect.Method::getName)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** The one line for a failed command line: a wrong number of arguments to one of ours says how many it takes. */
    static String problem(Exception e) {
        String text = e.getMessage() == null ? "" : e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
        java.util.regex.Matcher m = WRONG_ARGUMENTS.matcher(text);
        if (e instanceof IllegalArgumentException && m.matches() && OURS.contains(m.group(1))) {
            String name = m.group(1);
            int given = m.group(2).isBlank() ? 0 : m.group(2).split(",").length;
            java.util.TreeSet<Integer> takes = new java.util.TreeSet<>();
            java.util.regex.Matcher signature = java.util.regex.Pattern.compile("\\(([^)]*)\\)").matcher(m.group(3));
            while (signature.find()) {
                takes.add(signature.group(1).isBlank() ? 0 : signature.group(1).split(",").length);
            }
            String counts = takes.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" or "));
            return "kerone: " + name + " takes " + counts + " argument" + (takes.equals(java.util.Set.of(1)) ? "" : "s")
                    + ", not " + given + "; see 'help " + name + "'";
        }
        return "gogo: " + (e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + text);
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
