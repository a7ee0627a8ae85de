package org.kerone.compare.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.Simulator;
import org.kerone.vmm.Summary;

/**
 * Independent readings of whole traces for the tests: a run's trace kept in memory and parsed into
 * maps, one per event, so the tests can recount what the comparison aggregated on the fly.
 */
final class Traces {
    private static final JsonFactory JSON = new JsonFactory();

    /** One run: its summary and its events, in order. */
    record Run(Summary summary, List<Map<String, Object>> events) {
        List<Map<String, Object>> events(String ev) {
            return events.stream().filter(e -> ev.equals(e.get("ev"))).toList();
        }
    }

    private Traces() {
    }

    static Run run(Simulator simulator, Scenario scenario, String policy, long seed) throws Exception {
        StringWriter trace = new StringWriter();
        Summary summary = simulator.run(scenario.withPolicy(policy), new RunOptions(seed, null, null), trace);
        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : trace.toString().split("\n")) {
            events.add(parse(line));
        }
        return new Run(summary, events);
    }

    static Map<String, Object> parse(String line) throws IOException {
        Map<String, Object> e = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                e.put(name, switch (t) {
                    case VALUE_NUMBER_INT -> p.getLongValue();
                    case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
                    default -> p.getText();
                });
            }
        }
        return e;
    }

    static long num(Map<String, Object> e, String field) {
        return (Long) e.get(field);
    }
}
