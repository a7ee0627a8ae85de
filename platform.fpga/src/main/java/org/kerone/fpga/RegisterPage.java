package org.kerone.fpga;

/**
 * The standard register interface every accelerator sits behind: one 4 KiB page per PR interface,
 * the same layout for every device, so that one PRR can host any of them. A guest maps its IF's page
 * at the device's fixed address; while the IF is unconnected the page is read-only and the first
 * write (to {@link #LENGTH}, the first register a driver writes) traps into the VMM.
 *
 * <p>A job: write {@link #LENGTH} and the argument window, write {@link #CTRL_START} (or
 * {@link #CTRL_RESUME} after a "preempted" IPC) to {@link #CONTROL}, wait for the done interrupt,
 * read {@link #STATUS} and the output. Input and output move by DMA from and to guest memory; the
 * data window holds small inputs and outputs in place.
 */
public final class RegisterPage {
    /** Size of an IF's register page. */
    public static final int PAGE_BYTES = 4096;
    /** Control register: start, resume. */
    public static final int CONTROL = 0x000;
    /** Status register: busy, done, preempted, error. */
    public static final int STATUS = 0x004;
    /** Input length in bytes. */
    public static final int LENGTH = 0x008;
    /** Output length in bytes, set by the accelerator. */
    public static final int OUTPUT_LENGTH = 0x00C;
    /** Source and destination DMA addresses in guest memory. */
    public static final int SOURCE = 0x010;
    public static final int DESTINATION = 0x018;
    /** Argument window (a key, filter taps, matrix sizes): up to {@link #ARGS_BYTES}. */
    public static final int ARGS = 0x040;
    public static final int ARGS_BYTES = 0x1C0;
    /** Data window for in-page input and output. */
    public static final int DATA = 0x200;
    public static final int DATA_BYTES = PAGE_BYTES - DATA;

    public static final int CTRL_START = 1;
    public static final int CTRL_RESUME = 2;
    public static final int STATUS_BUSY = 1;
    public static final int STATUS_DONE = 2;
    public static final int STATUS_PREEMPTED = 4;
    public static final int STATUS_ERROR = 8;

    private RegisterPage() {
    }
}
