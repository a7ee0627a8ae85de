package org.kerone.fpga.policy;

import java.util.Arrays;
import java.util.Random;
import org.kerone.fpga.PrrState;
import org.kerone.fpga.Request;
import org.kerone.fpga.accel.DeviceInfo;

/**
 * Random fabric states for policies' property tests: one to ten PRRs of two classes (and of one
 * that fits no device) in states drawn from a random subset of all states, reserved or not, with few distinct priorities and change
 * times so that ties are common, and a searching list whose waiting times and deadlines fall just
 * before, on and just after the reconfiguration times. Shared by the policy bundles' tests
 * (platform.fpga's test jar).
 *
 * <p>Devices: {@link FakeFabric#AES} (large 4 ms, small 2 ms), {@link FakeFabric#SHA} (large 4 ms),
 * {@link #FFT} (large 3 ms), {@link #CRC} (small 1 ms). The clock is at {@link #NOW}.
 */
public final class RandomFabric {
    /** Fits "large" PRRs only (T_RCFG 3 ms). */
    public static final int FFT = 2;
    /** Fits "small" PRRs only (T_RCFG 1 ms). */
    public static final int CRC = 3;
    public static final long NOW = 20_000_000;
    private static final int DEVICES = 4;
    private static final long MS = 1_000_000;
    private static final String[] CLASSES = {"large", "large", "large", "small", "small", "tiny"};

    private RandomFabric() {
    }

    /** A fabric in a random state, with a random searching list. */
    public static FakeFabric of(Random random) {
        return of(random, PrrState.values());
    }

    /** A fabric whose PRRs are in some of the {@code allowed} states, with a random searching list. */
    public static FakeFabric of(Random random, PrrState... allowed) {
        FakeFabric fabric = FakeFabric.withAesAndSha()
                .device(FFT, DeviceInfo.builder("fft").bitstream("large", 300_000).build())
                .device(CRC, DeviceInfo.builder("crc").bitstream("small", 100_000).build());
        fabric.now = NOW;
        // the states this fabric's PRRs take: some fabrics have no empty PRR, some none idle, ...
        PrrState[] states = Arrays.stream(allowed).filter(s -> random.nextBoolean()).toArray(PrrState[]::new);
        if (states.length == 0) {
            states = allowed;
        }
        int prrs = 1 + random.nextInt(10);
        for (int i = 0; i < prrs; i++) {
            FakeFabric.Prr prr = fabric.addPrr(CLASSES[random.nextInt(CLASSES.length)]);
            PrrState state = states[random.nextInt(states.length)];
            int dev = deviceFitting(random, fabric, prr.index);
            int vm = 1 + random.nextInt(8);
            int prio = priority(random);
            long since = random.nextInt(5) * MS;
            switch (state) {
                case EMPTY -> prr.lastChange = since;
                case IDLE -> prr.idle(dev, since);
                case HOLD -> prr.hold(dev, vm, prio, since);
                default -> {
                    // reconfiguring, busy or stopping: a device and the VM it is for
                    prr.busy(dev, vm, prio, since);
                    prr.state = state;
                }
            }
            if (random.nextInt(5) == 0) {
                prr.reserve();
            }
        }
        int waiting = random.nextInt(13);
        for (int i = 0; i < waiting; i++) {
            fabric.waiting.add(request(random, i + 1));
        }
        return fabric;
    }

    /** The request to decide: one of those waiting (asked again) or a new one. */
    public static Request request(Random random, FakeFabric fabric) {
        if (!fabric.waiting.isEmpty() && random.nextBoolean()) {
            return fabric.waiting.get(random.nextInt(fabric.waiting.size()));
        }
        return request(random, fabric.waiting.size() + 1);
    }

    private static Request request(Random random, long id) {
        int dev = random.nextInt(DEVICES);
        long waited = Math.max(0, random.nextInt(6) * MS + random.nextInt(3) - 1);
        long deadline = random.nextBoolean() ? Long.MAX_VALUE : NOW + (random.nextInt(7) - 1) * MS + random.nextInt(3) - 1;
        return new Request(id, 1 + random.nextInt(8), dev, priority(random), NOW - waited, deadline);
    }

    /** Few distinct priorities, so that equal ones are common. */
    private static int priority(Random random) {
        return 1 + random.nextInt(6);
    }

    /** A device that fits the PRR, or any device for a PRR no device fits. */
    private static int deviceFitting(Random random, FakeFabric fabric, int prr) {
        int start = random.nextInt(DEVICES);
        for (int i = 0; i < DEVICES; i++) {
            int dev = (start + i) % DEVICES;
            if (fabric.fits(dev, prr)) {
                return dev;
            }
        }
        return start;
    }
}
