package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.ScenarioException;
import org.kerone.vmm.Summary;

/** The JSON Lines trace: escaping, line shape, the in-memory tail, and a real run's trace read back with Jackson. */
class TraceTest {
    private static final JsonFactory JSON = new JsonFactory();

    @Test
    void writesOneObjectPerLineStartingWithTimeAndEvent() {
        // given
        StringWriter out = new StringWriter();
        Trace trace = new Trace(out, 0);

        // when
        trace.begin(12, "job_start").field("vm", 3).field("resumed", true).field("device", "aes128").end();
        trace.begin(13, "vm_end").end();

        // then
        assertThat(out).hasToString("{\"t\":12,\"ev\":\"job_start\",\"vm\":3,\"resumed\":true,\"device\":\"aes128\"}\n"
                + "{\"t\":13,\"ev\":\"vm_end\"}\n");
        assertThat(trace.events()).isEqualTo(2);
        assertThat(trace.on).isTrue();
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        // given
        StringWriter out = new StringWriter();
        Trace trace = new Trace(out, 0);

        // when
        trace.begin(0, "failed").field("reason", "a \"quoted\" C:\\path\nline\r\ttab\u0000\u0001\u001f\u007f é").end();

        // then
        assertThat(out).hasToString("{\"t\":0,\"ev\":\"failed\",\"reason\":"
                + "\"a \\\"quoted\\\" C:\\\\path\\nline\\r\\ttab\\u0000\\u0001\\u001f\u007f é\"}\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "\"", "\\", "\\\"", "\"\\", "end\\", "\n\r\t\b\f", "\u0000\u001f", "x\u2028y", "😀 ünïcode"})
    void anEscapedStringReadsBackUnchanged(String value) throws IOException {
        // given
        StringWriter out = new StringWriter();
        Trace trace = new Trace(out, 0);

        // when
        trace.begin(1, "e").field("s", value).end();

        // then
        try (JsonParser p = JSON.createParser(out.toString())) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            p.nextToken();
            p.nextToken();
            p.nextToken();
            p.nextToken();
            assertThat(p.nextToken()).isEqualTo(JsonToken.FIELD_NAME);
            assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
            assertThat(p.getText()).isEqualTo(value);
            assertThat(p.nextToken()).isEqualTo(JsonToken.END_OBJECT);
            assertThat(p.nextToken()).isNull();
        }
    }

    @Test
    void keepsTheLastEventsInMemoryWithoutTheirNewline() {
        // given
        Trace trace = new Trace(null, 2);

        // when
        for (int i = 1; i <= 3; i++) {
            trace.begin(i, "e").end();
        }

        // then
        assertThat(trace.on).isTrue();
        assertThat(trace.recent()).containsExactly("{\"t\":2,\"ev\":\"e\"}", "{\"t\":3,\"ev\":\"e\"}");
        assertThat(trace.events()).isEqualTo(3);
    }

    @Test
    void isOffWithoutWriterOrMemory() {
        // given
        Trace trace = new Trace(null, 0);

        // when
        trace.begin(1, "e").end();
        trace.flush();

        // then
        assertThat(trace.on).isFalse();
        assertThat(trace.recent()).isEmpty();
    }

    @Test
    void aFailingWriterIsReportedUnchecked() {
        // given
        Writer broken = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void close() {
            }
        };
        Trace trace = new Trace(broken, 0);

        // when / then
        assertThatThrownBy(() -> trace.begin(1, "e").end())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot write the trace")
                .hasRootCauseMessage("disk full");
        assertThatThrownBy(trace::flush).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void everyLineOfTheDefaultScenarioTraceIsAJsonObjectInTimeOrder() throws Exception {
        // given
        SimulatorComponent sim = Platforms.simulator();
        StringWriter out = new StringWriter();

        // when
        Summary summary = sim.run(sim.defaultScenario(), RunOptions.DEFAULT, out);

        // then
        List<String> lines = out.toString().lines().toList();
        assertThat(out.toString()).endsWith("}\n");
        assertThat(lines).hasSize((int) summary.events());
        long last = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertThat(line).as("line %d", i + 1).startsWith("{\"t\":");
            try (JsonParser p = JSON.createParser(line)) {
                assertThat(p.nextToken()).as("line %d: %s", i + 1, line).isEqualTo(JsonToken.START_OBJECT);
                assertThat(p.nextFieldName()).isEqualTo("t");
                assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_NUMBER_INT);
                long t = p.getLongValue();
                assertThat(t).as("line %d: time goes forward", i + 1).isGreaterThanOrEqualTo(last);
                last = t;
                assertThat(p.nextFieldName()).isEqualTo("ev");
                assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
                assertThat(p.getText()).matches("[a-z_]+");
                JsonToken tok;
                while ((tok = p.nextToken()) == JsonToken.FIELD_NAME) {
                    assertThat(p.nextToken().isScalarValue()).as("line %d: flat object", i + 1).isTrue();
                }
                assertThat(tok).isEqualTo(JsonToken.END_OBJECT);
                assertThat(p.nextToken()).as("line %d: one object", i + 1).isNull();
            }
        }
        assertThat(last).isLessThanOrEqualTo(summary.endNs());
    }

    @Test
    void theSameScenarioAndSeedGiveTheSameTraceByteForByte() throws Exception {
        // given
        SimulatorComponent sim = Platforms.simulator();
        Scenario s = sim.parse("det", """
                {"seed": 5,
                 "prrs": [{"id": "p0", "class": "large"}, {"id": "p1", "class": "small"}],
                 "vms": [{"id": 1, "priority": 10, "repeat": 3, "program": [{"compute": "50us"}, {"use": "aes128", "bytes": 4096}]},
                         {"id": 2, "priority": 20, "repeat": 3, "program": [{"compute": "70us"}, {"use": "sha256", "bytes": 1000}]},
                         {"id": 3, "priority": 30, "repeat": 2, "start": "100us", "program": [{"use": "aes128", "bytes": 64}]}]}
                """);
        StringWriter first = new StringWriter();
        StringWriter second = new StringWriter();
        StringWriter otherSeed = new StringWriter();

        // when
        sim.run(s, RunOptions.DEFAULT, first);
        sim.run(s, RunOptions.DEFAULT, second);
        sim.run(s, new RunOptions(6L, null, null), otherSeed);

        // then: the seed changes the data (job CRCs), not the timing
        assertThat(second.toString()).isEqualTo(first.toString());
        assertThat(otherSeed.toString()).isNotEqualTo(first.toString());
        assertThat(otherSeed.toString().replaceAll("\"crc\":\"[0-9a-f]+\"", ""))
                .isEqualTo(first.toString().replaceAll("\"crc\":\"[0-9a-f]+\"", ""));
    }

    /** Bad input is refused before anything runs: the trace file of an earlier run is neither created nor emptied. */
    @ParameterizedTest
    @ValueSource(strings = {"policy", "profile"})
    void badInputLeavesTheTraceFileAlone(String what, @TempDir Path dir) throws Exception {
        SimulatorComponent sim = Platforms.full();
        Scenario s = sim.defaultScenario();
        RunOptions options;
        if (what.equals("policy")) {
            s = s.withPolicy("lottery");
            options = new RunOptions(null, null, dir.resolve("run.jsonl"));
        } else {
            options = new RunOptions(null, "nope", dir.resolve("run.jsonl"));
        }
        Path earlier = dir.resolve("run.jsonl");
        Files.writeString(earlier, "{\"t\":0,\"ev\":\"vm_start\",\"vm\":1,\"prio\":10}\n");
        Scenario bad = s;

        assertThatThrownBy(() -> sim.run(bad, options)).isInstanceOf(ScenarioException.class).hasMessageContaining(what);

        assertThat(Files.readString(earlier)).isEqualTo("{\"t\":0,\"ev\":\"vm_start\",\"vm\":1,\"prio\":10}\n");
        Path fresh = dir.resolve("fresh.jsonl");
        RunOptions freshOptions = new RunOptions(options.seed(), options.profile(), fresh);
        assertThatThrownBy(() -> sim.run(bad, freshOptions)).isInstanceOf(ScenarioException.class);
        assertThat(fresh).doesNotExist();
    }
}
