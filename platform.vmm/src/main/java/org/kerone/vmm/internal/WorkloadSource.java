package org.kerone.vmm.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.vmm.Step;
import org.kerone.vmm.Workload;

/**
 * Draws a workload's jobs: arrival gaps (fixed or exponential), device by weight, input size from
 * the distribution rounded to one the device accepts. Seeded, so the same seed gives the same jobs.
 */
final class WorkloadSource {
    private final Workload w;
    private final SplittableRandom random;
    private final Machine machine;
    private final List<String> names = new ArrayList<>();
    private final int[] cumulative;
    private long made;

    WorkloadSource(Workload w, SplittableRandom random, Machine machine) {
        this.w = w;
        this.random = random;
        this.machine = machine;
        this.cumulative = new int[w.devices().size()];
        int sum = 0;
        int i = 0;
        for (Map.Entry<String, Integer> e : w.devices().entrySet()) {
            names.add(e.getKey());
            sum += e.getValue();
            cumulative[i++] = sum;
        }
    }

    /** True when every job was made (never for an unbounded workload). */
    boolean exhausted() {
        return w.jobs() > 0 && made >= w.jobs();
    }

    /** Gap before the next arrival. */
    long gap() {
        if (!w.poisson()) {
            return w.meanGapNs();
        }
        return Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) * w.meanGapNs()));
    }

    WorkloadJob next(long arrivalNs) {
        made++;
        int pick = random.nextInt(cumulative[cumulative.length - 1]);
        int i = 0;
        while (cumulative[i] <= pick) {
            i++;
        }
        String device = names.get(i);
        int bytes = switch (w.sizes().dist()) {
            case "fixed" -> w.sizes().a();
            case "uniform" -> w.sizes().a() + random.nextInt(w.sizes().b() - w.sizes().a() + 1);
            default -> (int) Math.min(w.sizes().b(), Math.round(-Math.log(1 - random.nextDouble()) * w.sizes().a()));
        };
        Accelerator acc = machine.accelerator(device);
        if (acc != null) {
            bytes = acc.acceptedLength(bytes);
        }
        List<Step> steps = new ArrayList<>(2);
        if (w.computeNs() > 0) {
            steps.add(new Step.Compute(w.computeNs()));
        }
        steps.add(new Step.Use(device, bytes, w.deadlineNs()));
        long deadline = w.deadlineNs() > 0 ? arrivalNs + w.deadlineNs() : Long.MAX_VALUE;
        return new WorkloadJob(made, arrivalNs, steps, deadline);
    }
}
