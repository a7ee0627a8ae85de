package org.kerone.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<String> ran = new ArrayList<>();

    @Test
    void runsEachLineAndPrintsItsResultAfterThePrompt() throws Exception {
        run("status\n\n# a comment\ndevices\n");

        assertThat(ran).containsExactly("status", "devices");
        assertThat(text(out)).isEqualTo("kerone> result of status\nkerone> kerone> kerone> result of devices\nkerone> \n");
    }

    @Test
    void endsAtExitOrQuitWithoutRunningThem() throws Exception {
        run("status\nexit\ndevices\n");
        run("  quit  \nstatus\n");

        assertThat(ran).containsExactly("status");
    }

    @Test
    void aFailingLineIsOneLineOnTheErrorStreamAndTheConsoleGoesOn() throws Exception {
        run("boom\nstatus\n");

        assertThat(text(err)).isEqualTo("gogo: IllegalArgumentException: Command not found: boom\n");
        assertThat(ran).containsExactly("boom", "status");
    }

    @Test
    void aCommandWithoutResultPrintsNothing() throws Exception {
        run("quiet\n");

        assertThat(text(out)).isEqualTo("kerone> kerone> \n");
    }

    @Test
    void aWrongNumberOfArgumentsToOneOfOurCommandsSaysHowManyItTakes() {
        assertThat(Console.problem(new IllegalArgumentException("Cannot coerce load() to any of [(String, String)]")))
                .isEqualTo("kerone: load takes 2 arguments, not 0; see 'help load'");
        assertThat(Console.problem(new IllegalArgumentException("Cannot coerce unload(Token, Token) to any of [(String)]")))
                .isEqualTo("kerone: unload takes 1 argument, not 2; see 'help unload'");
        assertThat(Console.problem(new IllegalArgumentException("Cannot coerce policy(Token, Token) to any of [(String), ()]")))
                .isEqualTo("kerone: policy takes 0 or 1 arguments, not 2; see 'help policy'");
        assertThat(Console.problem(new IllegalArgumentException("Cannot coerce status(Token) to any of [()]")))
                .isEqualTo("kerone: status takes 0 arguments, not 1; see 'help status'");
        // Gogo's own commands keep Gogo's message
        assertThat(Console.problem(new IllegalArgumentException("Cannot coerce stop(Token) to any of [(boolean, Bundle[])]")))
                .isEqualTo("gogo: IllegalArgumentException: Cannot coerce stop(Token) to any of [(boolean, Bundle[])]");
    }

    private void run(String input) throws Exception {
        Console.run(new BufferedReader(new StringReader(input)), print(out), print(err), new Console.Session() {
            @Override
            public Object execute(String line) {
                ran.add(line);
                if (line.equals("boom")) {
                    throw new IllegalArgumentException("Command not found:\n\tboom");
                }
                return line.equals("quiet") ? null : "result of " + line;
            }

            @Override
            public CharSequence format(Object result) {
                return result.toString();
            }
        });
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
