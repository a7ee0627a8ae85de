package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;

/**
 * The CPU scheduler seen from outside: which domain holds the CPU when (recorded after every
 * kernel event) and when guests end (from the trace). Hypervisor work first, then the VDM domain,
 * then guests by priority, round-robin by the quantum within a priority; every switch between
 * domains costs the profile's vm_switch_ns.
 */
class CpuTest {
    private static final long MS = 1_000_000;
    /** vm_switch_ns of the zynq7000 profile; each run also checks it against the profile it loaded. */
    private static final long SWITCH = 420;

    @Test
    void aHigherPriorityGuestPreemptsALowerOnesComputeAtOnce() throws Exception {
        // given: VM 1 computes 5 ms; VM 2 (higher) boots in the middle of VM 1's quantum
        Run run = Run.of("""
                {"prrs": [{"id": "p0", "class": "large"}],
                 "vms": [{"id": 1, "priority": 10, "program": [{"compute": "5ms"}]},
                         {"id": 2, "priority": 20, "start": "1.5ms", "program": [{"compute": "1ms"}]}]}
                """);

        // then: the switch to VM 2 starts when it boots, and VM 1 gets the CPU back when VM 2 ends
        assertThat(run.contexts).containsExactly(
                new Segment("vm1", SWITCH, 1_500_000),
                new Segment("vm2", 1_500_000 + SWITCH, 2_500_000 + SWITCH),
                new Segment("vm1", 2_500_000 + 2 * SWITCH, 6 * MS + 3 * SWITCH));
        assertThat(run.end(2)).isEqualTo(1_500_000 + SWITCH + MS);
        // VM 1 ends after its own 5 ms, VM 2's 1 ms and three switches
        assertThat(run.end(1)).isEqualTo(5 * MS + MS + 3 * SWITCH);
    }

    @Test
    void aLowerPriorityGuestWaitsForTheHigherOneToEnd() throws Exception {
        // given: both boot at 0, the low one first in the scenario
        Run run = Run.of("""
                {"prrs": [{"id": "p0", "class": "large"}],
                 "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1ms"}]},
                         {"id": 2, "priority": 90, "program": [{"compute": "3ms"}]}]}
                """);

        // then: the switch to VM 1 was under way when VM 2 booted; VM 2 runs its 3 ms in one go
        assertThat(run.names()).containsExactly("vm1", "vm2", "vm1");
        assertThat(run.contexts.get(0).length()).isZero();
        assertThat(run.end(2)).isEqualTo(2 * SWITCH + 3 * MS);
        assertThat(run.end(1)).isEqualTo(3 * SWITCH + 4 * MS);
    }

    @Test
    void equalPrioritiesRoundRobinByTheQuantum() throws Exception {
        // given: two equal guests of 2.5 ms each, a 1 ms quantum, and a lower one
        Run run = Run.of("""
                {"quantum": "1ms",
                 "prrs": [{"id": "p0", "class": "large"}],
                 "vms": [{"id": 1, "priority": 10, "program": [{"compute": "2.5ms"}]},
                         {"id": 2, "priority": 10, "program": [{"compute": "2.5ms"}]},
                         {"id": 3, "priority": 5, "program": [{"compute": "1ms"}]}]}
                """);

        // then: they alternate one quantum each; the lower one runs only after both
        assertThat(run.names()).containsExactly("vm1", "vm2", "vm1", "vm2", "vm1", "vm2", "vm3");
        assertThat(run.contexts).extracting(Segment::length).containsExactly(MS, MS, MS, MS, MS / 2, MS / 2, MS);
        // each ends after its own compute, the time the others ran and the switches
        assertThat(run.end(1)).isEqualTo(2_500_000 + 2 * MS + 5 * SWITCH);
        assertThat(run.end(2)).isEqualTo(2_500_000 + 2_500_000 + 6 * SWITCH);
        assertThat(run.end(3)).isEqualTo(6 * MS + 7 * SWITCH);
    }

    @Test
    void theQuantumComesFromTheScenario() throws Exception {
        // given: a 300 us quantum, two equal guests of 1 ms
        Run run = Run.of("""
                {"quantum": "300us",
                 "prrs": [{"id": "p0", "class": "large"}],
                 "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1ms"}]},
                         {"id": 2, "priority": 10, "program": [{"compute": "1ms"}]}]}
                """);

        // then
        assertThat(run.contexts).extracting(Segment::length)
                .containsExactly(300_000L, 300_000L, 300_000L, 300_000L, 300_000L, 300_000L, 100_000L, 100_000L);
        assertThat(run.end(1)).isEqualTo(2 * MS - 100_000 + 7 * SWITCH);
        assertThat(run.end(2)).isEqualTo(2 * MS + 8 * SWITCH);
    }

    @Test
    void aGuestWhoseComputeEndsWithItsQuantumGoesOnWithoutWaitingAnotherRound() throws Exception {
        // given: a 250 us quantum, two equal guests of 1 ms: each one's compute ends exactly with its 4th quantum
        Run run = Run.of("""
                {"quantum": "250us",
                 "prrs": [{"id": "p0", "class": "large"}],
                 "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1ms"}]},
                         {"id": 2, "priority": 10, "program": [{"compute": "1ms"}]}]}
                """);

        // then: VM 1 has nothing left to compute after its 4th quantum: it ends there, without being
        // switched out for VM 2's quantum and back (two switches and 250 us later) only to end
        assertThat(run.end(1)).isEqualTo(7 * 250_000 + 7 * SWITCH);
        assertThat(run.end(2)).isEqualTo(2 * MS + 8 * SWITCH);
        assertThat(run.contexts).hasSize(8).allSatisfy(s -> assertThat(s.length()).isEqualTo(250_000));
    }

    @Test
    void aQuantumExpiringWithNobodyElseReadyCostsNoSwitch() throws Exception {
        // given
        Run run = Run.of("""
                {"quantum": "100us",
                 "prrs": [{"id": "p0", "class": "large"}],
                 "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1ms"}, {"compute": "1ms"}]}]}
                """);

        // then
        assertThat(run.contexts).containsExactly(new Segment("vm1", SWITCH, SWITCH + 2 * MS));
        assertThat(run.end(1)).isEqualTo(SWITCH + 2 * MS);
    }

    @Test
    void theVdmDomainRunsBeforeAnyGuestEvenTheHighestPriorityOne() throws Exception {
        // given: VM 1 touches AES at once; VM 2 (priority 100) is ready while the trap is handled
        Run run = Run.of("""
                {"prrs": [{"id": "p0", "class": "small"}],
                 "vms": [{"id": 1, "priority": 10, "program": [{"use": "aes128", "bytes": 16}]},
                         {"id": 2, "priority": 100, "start": 500, "program": [{"compute": "1ms"}]}]}
                """);

        // then: the VDM gets the CPU first and keeps it until it has acknowledged VM 1
        long vm2Ready = run.first("vm_start", 2).t();
        long ack = run.first("ipc", 1).t();
        assertThat(run.first("request", 1).t()).isGreaterThan(vm2Ready);
        assertThat(run.names().subList(0, 3)).containsExactly("vm1", "vdm", "vm2");
        Segment vdm = run.contexts.get(1);
        assertThat(vdm.from()).isGreaterThan(vm2Ready);
        assertThat(vdm.to()).isEqualTo(ack);
        assertThat(run.contexts.get(2).from()).isEqualTo(ack + SWITCH);
        assertThat(run.end(2)).isEqualTo(ack + SWITCH + MS);
    }

    @Test
    void anInterruptForTheVdmPreemptsAComputingGuestAtOnceAndItsComputeIsConserved() throws Exception {
        // given: VM 1's AES is being loaded when VM 2 (priority 100) starts 10 ms of compute
        Run run = Run.of("""
                {"prrs": [{"id": "p0", "class": "small"}],
                 "vms": [{"id": 1, "priority": 10, "program": [{"use": "aes128", "bytes": 16}]},
                         {"id": 2, "priority": 100, "start": "100us", "program": [{"compute": "10ms"}]}]}
                """);

        // then: at the PCAP-done interrupt the VMM takes the IRQ (irq_ns), switches to the VDM, which
        // connects and readies VM 1, and VM 2 resumes; VM 2 loses exactly that time
        long done = run.first("reconfig_done", -1).t();
        long ready = run.first("ipc", 1, "ready").t();
        long irq = run.machine.costs.cost(Primitive.IRQ);
        Segment vm2 = run.contexts.stream().filter(s -> s.name().equals("vm2")).findFirst().orElseThrow();
        assertThat(done).isBetween(vm2.from(), vm2.to());
        assertThat(vm2.to()).isEqualTo(done + irq);
        Segment vdm = run.contexts.get(run.contexts.indexOf(vm2) + 1);
        assertThat(vdm).isEqualTo(new Segment("vdm", done + irq + SWITCH, ready));
        long vm2Start = run.first("vm_start", 2).t();
        assertThat(run.end(2)).isEqualTo(vm2Start + SWITCH + 10 * MS + (ready + SWITCH - done));
        // VM 1 is served but runs its job only once VM 2 has ended
        assertThat(run.first("resume", 1).t()).isGreaterThan(run.end(2));
    }

    @Test
    void everySwitchBetweenDomainsCostsVmSwitchNsInTheDefaultScenario() throws Exception {
        // when: checked on every event of the run
        Run run = Run.of(Platforms.simulator().defaultScenario());

        // then
        assertThat(run.machine.costs.cost(Primitive.VM_SWITCH)).isEqualTo(SWITCH);
        assertThat(run.switchDurations).isNotEmpty().containsOnly(SWITCH);
        assertThat(run.names()).contains("vdm", "idle", "vm1", "vm2", "vm3", "vm4");
        assertThat(run.machine.cpu.switches).isBetween((long) run.switchDurations.size(), run.switchDurations.size() + 1L);
        for (int i = 1; i < run.contexts.size(); i++) {
            assertThat(run.contexts.get(i).name()).as("switch %d goes somewhere else", i)
                    .isNotEqualTo(run.contexts.get(i - 1).name());
        }
    }

    @Property(tries = 60)
    void computeTimeIsConservedAcrossPreemptions(@ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 3) Integer> prios,
            @ForAll @LongRange(min = 1, max = 3_000_000) long computeA, @ForAll @LongRange(min = 1, max = 3_000_000) long computeB,
            @ForAll @LongRange(min = 0, max = 2_000_000) long stagger, @ForAll @LongRange(min = 10_000, max = 1_500_000) long quantum)
            throws Exception {
        // given: guests of random priorities, compute times and boot times
        StringBuilder vms = new StringBuilder();
        long[] compute = new long[prios.size()];
        long[] start = new long[prios.size()];
        for (int i = 0; i < prios.size(); i++) {
            compute[i] = i % 2 == 0 ? computeA + i : computeB + i;
            start[i] = (stagger * i * 7) % 3_000_000;
            vms.append(i == 0 ? "" : ",").append("{\"id\": ").append(i + 1).append(", \"priority\": ").append(prios.get(i))
                    .append(", \"start\": ").append(start[i]).append(", \"program\": [{\"compute\": ").append(compute[i] / 2)
                    .append("}, {\"compute\": ").append(compute[i] - compute[i] / 2).append("}]}");
        }
        String json = "{\"quantum\": " + quantum + ", \"prrs\": [{\"id\": \"p0\", \"class\": \"large\"}], \"vms\": [" + vms + "]}";

        // when
        Run run = Run.of(json);

        // then: each guest held the CPU for exactly its compute time, and was never kept waiting by an idle CPU
        for (int i = 0; i < prios.size(); i++) {
            int vm = i + 1;
            long end = run.end(vm);
            assertThat(run.cpuTime("vm" + vm, end)).as("CPU time of VM %d", vm).isEqualTo(compute[i]);
            assertThat(run.busyTime(start[i], end)).as("busy time while VM %d was ready", vm).isEqualTo(end - start[i]);
        }
        assertThat(run.switchDurations).containsOnly(SWITCH);
    }

    // --- the recorder --------------------------------------------------------------------------------

    /** A stretch of time during which a domain held the CPU, switches excluded. */
    record Segment(String name, long from, long to) {
        long length() {
            return to - from;
        }
    }

    record Event(long t, String ev, Map<String, Object> fields) {
    }

    /** A run with the CPU's domain recorded after every event and the trace parsed. */
    static final class Run {
        final Machine machine;
        final List<Segment> contexts = new ArrayList<>();
        final List<Long> switchDurations = new ArrayList<>();
        final List<Segment> switchesDone = new ArrayList<>();
        final List<Event> events = new ArrayList<>();
        private final Map<Integer, Long> ends = new HashMap<>();

        private Run(Machine machine) {
            this.machine = machine;
        }

        static Run of(String json) throws Exception {
            return of(Platforms.simulator().parse("cpu test", json));
        }

        static Run of(Scenario scenario) throws Exception {
            StringWriter trace = new StringWriter();
            Machine m = Platforms.simulator().prepare(scenario, RunOptions.DEFAULT, trace);
            Run run = new Run(m);
            long switchNs = m.costs.cost(Primitive.VM_SWITCH);
            long[] switchStart = {-1};
            long[] switches = {0};
            Object[] context = {m.cpu.context()};
            long[] since = {0};
            m.kernel.observe(() -> {
                Invariants.check(m);
                long now = m.kernel.now();
                if (m.cpu.context() != context[0]) {
                    run.switchDurations.add(now - switchStart[0]);
                    run.switchesDone.add(new Segment("switch", switchStart[0], now));
                    context[0] = m.cpu.context();
                    since[0] = now;
                    switchStart[0] = -1;
                }
                if (m.cpu.switches != switches[0]) {
                    assertThat(m.cpu.switches).isEqualTo(switches[0] + 1);
                    switches[0] = m.cpu.switches;
                    if (context[0] != Cpu.IDLE || now > since[0]) {
                        run.close(context[0], since[0], now);
                    }
                    switchStart[0] = now;
                }
            });
            m.run();
            if (switchStart[0] < 0 && context[0] != Cpu.IDLE) {
                run.close(context[0], since[0], m.now());
            }
            assertThat(switchNs).isEqualTo(SWITCH);
            for (String line : trace.toString().lines().toList()) {
                Map<String, Object> f = parse(line);
                Event e = new Event((Long) f.get("t"), (String) f.get("ev"), f);
                run.events.add(e);
                if (e.ev().equals("vm_end")) {
                    run.ends.put(((Long) f.get("vm")).intValue(), e.t());
                }
            }
            return run;
        }

        private void close(Object context, long from, long to) {
            String name = context == Cpu.IDLE ? "idle" : context == Cpu.VDM ? "vdm" : "vm" + ((Guest) context).vm;
            contexts.add(new Segment(name, from, to));
        }

        List<String> names() {
            return contexts.stream().map(Segment::name).toList();
        }

        long end(int vm) {
            assertThat(ends).as("VM %d ended", vm).containsKey(vm);
            return ends.get(vm);
        }

        /** First event {@code ev} of {@code vm} (any VM for -1), optionally with a given msg. */
        Event first(String ev, int vm, String... msg) {
            return events.stream().filter(e -> e.ev().equals(ev))
                    .filter(e -> vm < 0 || Long.valueOf(vm).equals(e.fields().get("vm")))
                    .filter(e -> msg.length == 0 || msg[0].equals(e.fields().get("msg")))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + ev + " for VM " + vm));
        }

        /** Time {@code name} held the CPU before {@code until} (after a guest ended, its context is idle). */
        long cpuTime(String name, long until) {
            return contexts.stream().filter(s -> s.name().equals(name)).mapToLong(s -> Math.max(0, Math.min(s.to(), until) - s.from()))
                    .sum();
        }

        /** Time within [from, to) spent switching or running a guest that had not ended. */
        long busyTime(long from, long to) {
            long busy = 0;
            for (Segment s : switchesDone) {
                busy += overlap(s.from(), s.to(), from, to);
            }
            for (Segment s : contexts) {
                if (s.name().equals("idle")) {
                    continue;
                }
                long until = s.to();
                if (s.name().startsWith("vm")) {
                    until = Math.min(until, ends.getOrDefault(Integer.parseInt(s.name().substring(2)), Long.MAX_VALUE));
                }
                busy += overlap(s.from(), until, from, to);
            }
            return busy;
        }

        private static long overlap(long a, long b, long from, long to) {
            return Math.max(0, Math.min(b, to) - Math.max(a, from));
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    static Map<String, Object> parse(String line) {
        Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                fields.put(name, switch (v) {
                    case VALUE_NUMBER_INT -> p.getLongValue();
                    case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
                    default -> p.getText();
                });
            }
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
        return fields;
    }
}
