package org.kerone.vmm;

/** One step of a guest program. */
public sealed interface Step permits Step.Compute, Step.Use {

    /** Run on the CPU for {@code ns} nanoseconds of guest time. */
    record Compute(long ns) implements Step {
        public Compute {
            if (ns < 0) {
                throw new IllegalArgumentException("compute time must not be negative");
            }
        }
    }

    /**
     * Use a virtual device: write the argument registers and the input length to its register page,
     * start it, wait for completion, read the output. The input is {@code bytes} seeded random bytes.
     *
     * @param device device name
     * @param bytes input length
     * @param deadlineNs relative deadline for the use, or 0 for none
     */
    record Use(String device, int bytes, long deadlineNs) implements Step {
        public Use {
            if (device == null || device.isEmpty()) {
                throw new IllegalArgumentException("device must be named");
            }
            if (bytes < 0 || deadlineNs < 0) {
                throw new IllegalArgumentException("bytes and deadline must not be negative");
            }
        }
    }
}
