package org.kerone.vmm.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes a JFR recording: the methods where CPU samples fall (self) and the methods on the
 * stack of those samples (inclusive), and the allocation sites by sampled weight. Usage:
 * {@code java -cp bench/target/benchmarks.jar org.kerone.vmm.internal.JfrTop FILE.jfr [rows] [thread-name-part]}.
 */
public final class JfrTop {
    private JfrTop() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        String thread = args.length > 2 ? args[2] : "";
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> alloc = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = e.getEventType().getName();
            boolean cpu = type.equals("jdk.ExecutionSample");
            boolean allocation = type.equals("jdk.ObjectAllocationSample");
            if (!cpu && !allocation) {
                continue;
            }
            var t = e.getThread(cpu ? "sampledThread" : "eventThread");
            String threadName = t == null ? null : t.getJavaName();
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty() || threadName == null || !threadName.contains(thread)) {
                continue;
            }
            List<RecordedFrame> frames = st.getFrames();
            if (cpu) {
                samples++;
                self.merge(name(frames.get(0)), 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String n = name(f);
                    if (seen.add(n)) {
                        inclusive.merge(n, 1L, Long::sum);
                    }
                }
            } else {
                long weight = e.getLong("weight");
                allocated += weight;
                String site = frames.stream().map(JfrTop::name).filter(n -> !n.startsWith("java.") && !n.startsWith("jdk."))
                        .findFirst().orElse(name(frames.get(0)));
                alloc.merge(e.getClass("objectClass").getName() + " @ " + site, weight, Long::sum);
            }
        }
        System.out.println("CPU samples: " + samples);
        print("self", self, samples, rows);
        print("inclusive", inclusive, samples, rows);
        System.out.println("allocation (sampled weight): " + allocated + " bytes");
        print("allocation sites", alloc, allocated, rows);
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    private static void print(String title, Map<String, Long> counts, long total, int rows) {
        System.out.println("-- " + title);
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(rows)
                .forEach(e -> System.out.printf("%6.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }
}
