package org.kerone.compare.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trace writer parses JSON Lines however the text is cut into writes, keeping the fields the comparison reads. */
class TraceWriterTest {
    static final String TRACE = """
            {"t":0,"ev":"vm_start","vm":3,"prio":30}
            {"t":10,"ev":"job_arrival","vm":3,"job":1,"device":"aes128","bytes":8192,"prio":30,"deadline_ns":8000010}
            {"t":4200,"ev":"reconfig_start","dev":0,"prr":1,"req":7,"device":"aes128","t_rcfg_ns":4171656}
            {"t":9000,"ev":"job_done","vm":3,"dev":0,"crc":"1a2b","job":1,"prio":30,"response_ns":8990,"deadline_met":true}
            {"t":9500,"ev":"job_done","vm":4,"dev":2,"crc":"ff","software":true,"job":5,"prio":10,"response_ns":100,"deadline_met":false}
            {"t":9600,"ev":"failed","vm":4,"dev":2,"req":9,"reason":"no such device 'x'","extra":{"a":[1,{"b":2}]}}
            """;

    private static List<String> read(List<String> writes) {
        List<String> seen = new ArrayList<>();
        TraceWriter w = new TraceWriter(e -> seen.add(e.t + " " + e.ev + " vm=" + e.vm + " prr=" + e.prr + " prio=" + e.prio + " job="
                + e.job + " resp=" + e.responseNs + " dl=" + e.deadlineNs + " met=" + e.deadlineMet + " sw=" + e.software
                + " device=" + e.device + " reason=" + e.reason));
        writes.forEach(w::write);
        w.close();
        assertThat(w.lines()).isEqualTo(seen.size());
        return seen;
    }

    @Test
    void readsTheFieldsOfEachLine() {
        List<String> events = read(List.of(TRACE));
        long none = TraceEvent.NONE;
        assertThat(events).containsExactly(
                "0 vm_start vm=3 prr=" + none + " prio=30 job=" + none + " resp=" + none + " dl=" + none
                        + " met=null sw=false device=null reason=null",
                "10 job_arrival vm=3 prr=" + none + " prio=30 job=1 resp=" + none + " dl=8000010 met=null sw=false device=aes128 reason=null",
                "4200 reconfig_start vm=" + none + " prr=1 prio=" + none + " job=" + none + " resp=" + none + " dl=" + none
                        + " met=null sw=false device=aes128 reason=null",
                "9000 job_done vm=3 prr=" + none + " prio=30 job=1 resp=8990 dl=" + none + " met=true sw=false device=null reason=null",
                "9500 job_done vm=4 prr=" + none + " prio=10 job=5 resp=100 dl=" + none + " met=false sw=true device=null reason=null",
                "9600 failed vm=4 prr=" + none + " prio=" + none + " job=" + none + " resp=" + none + " dl=" + none
                        + " met=null sw=false device=null reason=no such device 'x'");
    }

    @Test
    void linesCutAnywhereGiveTheSameEvents() {
        List<String> whole = read(List.of(TRACE));
        List<String> chars = new ArrayList<>();
        for (char c : TRACE.toCharArray()) {
            chars.add(String.valueOf(c));
        }
        assertThat(read(chars)).isEqualTo(whole);
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < TRACE.length(); i += 37) {
            chunks.add(TRACE.substring(i, Math.min(TRACE.length(), i + 37)));
        }
        assertThat(read(chunks)).isEqualTo(whole);
    }

    @Test
    void aLastLineWithoutNewlineIsReadOnClose() {
        assertThat(read(List.of("{\"t\":5,\"ev\":\"vm_end\",\"vm\":1}"))).singleElement().asString().startsWith("5 vm_end vm=1");
    }

    @Test
    void appendAndCharArraysWorkLikeWrite() {
        List<String> seen = new ArrayList<>();
        TraceWriter w = new TraceWriter(e -> seen.add(e.ev));
        w.append(new StringBuilder("{\"t\":1,\"ev\":\"a\"}\n{\"t\":2,"));
        w.write("{\"ev\":\"b\"}\n".toCharArray(), 1, 10);
        w.append("x{\"t\":3,\"ev\":\"c\"}\ny", 1, 18);
        w.close();
        assertThat(seen).containsExactly("a", "b", "c");
    }

    @Test
    void aLineThatIsNotJsonIsAnError() {
        TraceWriter w = new TraceWriter(e -> { });
        assertThatThrownBy(() -> w.write("{\"t\":1,\"ev\":\n")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("trace line 1 does not parse");
    }
}
