package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md's "Trace format" table and the code that writes the trace say the same: every event the
 * sources can write is in the table, with every field it can carry, in the order it is written.
 *
 * <p>The fields of an event are read from the source: the {@code field("name", ...)} calls between its
 * {@code begin(now(), "ev")} and the next {@code .end();}, with the trace helpers it calls (such as
 * {@code crc(g)}) expanded. The table's fields are the names in back-quotes of the second column, those
 * in a parenthesis starting with "and" included (optional fields), other parentheses left out.
 */
class TraceFormatReadmeTest {
    private static final Path SOURCES = Path.of("src", "main", "java", "org", "kerone", "vmm", "internal");
    private static final Pattern BEGIN = Pattern.compile("\\.begin\\(now\\(\\), ([^)]*)\\)");
    private static final Pattern LITERAL = Pattern.compile("\"([a-z_]+)\"");
    private static final Pattern FIELD_OR_CALL = Pattern.compile("\\.field\\(\"([a-z_]+)\"|\\b([a-z][A-Za-z]*)\\(");
    private static final Pattern METHOD = Pattern.compile("\\n\\s+(?:private |static |final )*void ([a-z][A-Za-z]*)\\([^)]*\\) \\{");
    private static final Pattern NAME = Pattern.compile("`([a-z_]+)`");

    @Test
    void everyEventTheCodeWritesIsInTheReadmeTableWithItsFieldsInOrder() throws IOException {
        // given
        Map<String, List<String>> code = new TreeMap<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                code.putAll(eventsWritten(Files.readString(file)));
            }
        }

        // when
        Map<String, List<String>> readme = readmeTable(Files.readString(Path.of("..", "README.md")));

        // then
        assertThat(code).as("events written by %s", SOURCES).hasSizeGreaterThan(25);
        assertThat(readme).as("README.md, \"Trace format\" (left) vs the code (right)").isEqualTo(code);
    }

    /** Each event a source file writes, with its fields in the order they are written. */
    static Map<String, List<String>> eventsWritten(String source) {
        Map<String, String> helpers = new LinkedHashMap<>();
        Matcher method = METHOD.matcher(source);
        while (method.find()) {
            int open = method.end() - 1;
            String body = source.substring(open, closing(source, open));
            if (body.contains("trace.field(")) {
                helpers.put(method.group(1), body);
            }
        }
        Map<String, List<String>> events = new TreeMap<>();
        Matcher begin = BEGIN.matcher(source);
        while (begin.find()) {
            int end = source.indexOf(".end();", begin.end());
            List<String> fields = fields(source.substring(begin.end(), end), helpers);
            Matcher ev = LITERAL.matcher(begin.group(1));
            while (ev.find()) {
                events.merge(ev.group(1), fields, TraceFormatReadmeTest::longer);
            }
        }
        return events;
    }

    /** Of two places writing one event, the one with more fields; the other's must be among them, in order. */
    private static List<String> longer(List<String> a, List<String> b) {
        List<String> shorter = a.size() <= b.size() ? a : b;
        List<String> longer = shorter == a ? b : a;
        int i = 0;
        for (String f : longer) {
            if (i < shorter.size() && shorter.get(i).equals(f)) {
                i++;
            }
        }
        assertThat(i).as("one event written with fields %s and with %s", a, b).isEqualTo(shorter.size());
        return longer;
    }

    private static List<String> fields(String code, Map<String, String> helpers) {
        List<String> out = new ArrayList<>();
        Matcher m = FIELD_OR_CALL.matcher(code);
        while (m.find()) {
            if (m.group(1) != null) {
                out.add(m.group(1));
            } else if (helpers.containsKey(m.group(2))) {
                out.addAll(fields(helpers.get(m.group(2)), Map.of()));
            }
        }
        return out;
    }

    private static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '{') {
                depth++;
            } else if (s.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("no closing brace after " + open);
    }

    /** The table of README.md's "Trace format": event names (first column) to field names (second). */
    static Map<String, List<String>> readmeTable(String readme) {
        int start = readme.indexOf("\n## Trace format");
        int end = readme.indexOf("\n## ", start + 1);
        assertThat(start).as("README.md has a section \"Trace format\"").isNotNegative();
        Map<String, List<String>> table = new TreeMap<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String events = cells[1].trim();
            if (!events.matches("`[a-z_]+`(, `[a-z_]+`)*") || cells[2].trim().equals("fields")) {
                continue; // the header, or a row about one case of an event ("`ipc` `msg` `software`")
            }
            String fieldCell = cells[2].replaceAll("\\((?!and )[^)]*\\)", "");
            List<String> fields = new ArrayList<>();
            Matcher name = NAME.matcher(fieldCell);
            while (name.find()) {
                fields.add(name.group(1));
            }
            Matcher ev = NAME.matcher(events);
            while (ev.find()) {
                assertThat(table.put(ev.group(1), fields)).as("README lists %s twice", ev.group(1)).isNull();
            }
        }
        return table;
    }
}
