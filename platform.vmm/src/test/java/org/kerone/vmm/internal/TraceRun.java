package org.kerone.vmm.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.Summary;

/** A run with its trace parsed back into events, the invariants checked after every event. */
final class TraceRun {
    final Machine machine;
    final Summary summary;
    final String text;
    final List<Map<String, Object>> events;

    private TraceRun(Machine machine, Summary summary, String text) {
        this.machine = machine;
        this.summary = summary;
        this.text = text;
        this.events = parse(text);
    }

    static TraceRun of(String scenarioJson) {
        SimulatorComponent sim = Platforms.simulator();
        try {
            return of(sim, sim.parse("test scenario", scenarioJson), RunOptions.DEFAULT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static TraceRun of(SimulatorComponent sim, Scenario scenario, RunOptions options) throws Exception {
        StringWriter w = new StringWriter();
        Machine m = sim.prepare(scenario, options, w);
        m.kernel.observe(() -> Invariants.check(m));
        m.run();
        Invariants.checkEnded(m);
        return new TraceRun(m, SimulatorComponent.summary(m), w.toString());
    }

    List<Map<String, Object>> events(String ev) {
        return events.stream().filter(e -> ev.equals(e.get("ev"))).toList();
    }

    List<Map<String, Object>> where(Predicate<Map<String, Object>> p) {
        return events.stream().filter(p).toList();
    }

    /** The events of request {@code req}, in order, by name. */
    List<String> namesOf(long req) {
        return events.stream().filter(e -> Long.valueOf(req).equals(e.get("req"))).map(e -> (String) e.get("ev")).toList();
    }

    Map<String, Object> served(long req) {
        return events("served").stream().filter(e -> Long.valueOf(req).equals(e.get("req"))).findFirst().orElseThrow();
    }

    long cost(Primitive p) {
        return machine.costs.cost(p);
    }

    static List<Map<String, Object>> parse(String text) {
        JsonFactory f = new JsonFactory();
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            try (JsonParser p = f.createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalStateException("not an object: " + line);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    JsonToken t = p.nextToken();
                    m.put(k, switch (t) {
                        case VALUE_NUMBER_INT -> p.getLongValue();
                        case VALUE_TRUE -> Boolean.TRUE;
                        case VALUE_FALSE -> Boolean.FALSE;
                        default -> p.getText();
                    });
                }
                out.add(m);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
