package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kerone.vmm.PathStats;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;

/**
 * The summary recomputed from the trace alone, independently of {@link Stats}: each request's story
 * (trap first, one end, latency = resume - trap, rcfg / preempt / queue times as the differences of
 * their start and end events, overhead = latency minus the other four, path from its solution), then
 * each path's count, mean, p50, min, max and mean latency, for the built-in and the shipped scenarios.
 */
class SummaryFromTraceTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", "paper", "contention", "deadline"})
    void summaryIsWhatTheTraceSays(String name) throws Exception {
        // given a scenario run with its trace
        SimulatorComponent sim = Platforms.full();
        Scenario scenario = name.equals("default") ? sim.defaultScenario()
                : sim.parse(name, Files.readString(Path.of("..", "scenarios", name + ".json"))).withPolicy("priority");
        TraceRun run = TraceRun.of(sim, scenario, RunOptions.DEFAULT);

        // when each request's story is read off the trace
        long last = -1;
        Map<Long, List<Map<String, Object>>> byReq = new LinkedHashMap<>();
        for (Map<String, Object> e : run.events) {
            long t = (long) e.get("t");
            assertThat(t).as("time of %s", e).isGreaterThanOrEqualTo(last);
            last = t;
            Object req = e.get("req");
            if (req != null && (long) req >= 0) {
                byReq.computeIfAbsent((long) req, k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, List<long[]>> byPath = new LinkedHashMap<>();
        long served = 0;
        long failed = 0;
        for (Map.Entry<Long, List<Map<String, Object>>> entry : byReq.entrySet()) {
            long req = entry.getKey();
            List<Map<String, Object>> story = entry.getValue();
            assertThat(story.get(0).get("ev")).as("request %d starts with", req).isEqualTo("trap");
            List<Map<String, Object>> ends = only(story, "served");
            long failures = only(story, "failed").size();
            assertThat(ends.size() + failures).as("ends of request %d", req).isEqualTo(1);
            if (failures == 1) {
                failed++;
                continue;
            }
            served++;
            Map<String, Object> end = ends.get(0);
            List<Map<String, Object>> resumes = only(story, "resume");
            assertThat(resumes).as("resumes of request %d", req).hasSize(1);
            long latency = (long) resumes.get(0).get("t") - (long) story.get(0).get("t");
            long rcfg = spans(story, "reconfig_start", "reconfig_done");
            long preempt = spans(story, "preempt_start", "preempt_done");
            long queue = spans(story, "queued", "pushed");
            assertThat(end.get("latency_ns")).as("latency of %d", req).isEqualTo(latency);
            assertThat(end.get("rcfg_ns")).as("rcfg of %d", req).isEqualTo(rcfg);
            assertThat(end.get("preempt_ns")).as("preempt of %d", req).isEqualTo(preempt);
            assertThat(end.get("queue_ns")).as("queue of %d", req).isEqualTo(queue);
            long cpuWait = (long) end.get("cpu_wait_ns");
            assertThat(cpuWait).as("cpu wait of %d", req).isNotNegative();
            long overhead = latency - rcfg - preempt - queue - cpuWait;
            assertThat(end.get("overhead_ns")).as("overhead of %d", req).isEqualTo(overhead);
            assertThat(overhead).as("overhead of %d", req).isPositive();
            Map<String, Object> solution = only(story, "solution").get(0);
            String path = !only(story, "queued").isEmpty() ? "deferred"
                    : solution.get("solution") + ((boolean) solution.get("reconfig") ? "_reconfig" : "");
            assertThat(end.get("path")).as("path of %d", req).isEqualTo(path);
            byPath.computeIfAbsent(path, k -> new ArrayList<>()).add(new long[] {overhead, latency});
        }

        // then the summary says the same
        assertThat(run.summary.requests()).isEqualTo(byReq.size());
        assertThat(run.summary.served()).isEqualTo(served);
        assertThat(run.summary.failedTotal()).isEqualTo(failed);
        for (PathStats p : run.summary.paths()) {
            List<long[]> samples = byPath.getOrDefault(p.path(), List.of());
            assertThat(p.count()).as("count of %s", p.path()).isEqualTo(samples.size());
            if (samples.isEmpty()) {
                continue;
            }
            long[] over = samples.stream().mapToLong(s -> s[0]).sorted().toArray();
            double meanLatency = samples.stream().mapToLong(s -> s[1]).average().orElseThrow();
            assertThat(p.meanNs()).as("mean of %s", p.path()).isEqualTo(Arrays.stream(over).average().orElseThrow());
            assertThat(p.p50Ns()).as("p50 of %s", p.path()).isEqualTo(over[(over.length - 1) / 2]);
            assertThat(p.minNs()).as("min of %s", p.path()).isEqualTo(over[0]);
            assertThat(p.maxNs()).as("max of %s", p.path()).isEqualTo(over[over.length - 1]);
            assertThat(p.meanLatencyNs()).as("mean latency of %s", p.path()).isEqualTo(meanLatency);
        }
    }

    private static List<Map<String, Object>> only(List<Map<String, Object>> story, String ev) {
        return story.stream().filter(e -> ev.equals(e.get("ev"))).toList();
    }

    /** Sum of (end - start) over the request's start/end pairs, in order; a start left without end counts nothing. */
    private static long spans(List<Map<String, Object>> story, String start, String end) {
        List<Map<String, Object>> starts = only(story, start);
        List<Map<String, Object>> ends = only(story, end);
        long sum = 0;
        for (int i = 0; i < Math.min(starts.size(), ends.size()); i++) {
            sum += (long) ends.get(i).get("t") - (long) starts.get(i).get("t");
        }
        return sum;
    }
}
