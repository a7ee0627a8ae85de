package org.kerone.fpga.accel;

/**
 * Size of one job: how many units of work it takes and how many output bytes it writes.
 *
 * @param units units of work, at least 1
 * @param outputLength bytes written to the output buffer
 */
public record JobShape(long units, int outputLength) {
    public JobShape {
        if (units < 1 || outputLength < 0) {
            throw new IllegalArgumentException("a job has at least one unit and a non-negative output: " + units + ", " + outputLength);
        }
    }
}
