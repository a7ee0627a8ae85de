package org.kerone.fpga;

/** State of a partial-reconfiguration region, as the PRR Monitor tracks it. */
public enum PrrState {
    /** No accelerator loaded. */
    EMPTY,
    /** A partial bitstream is being written through the reconfiguration port. */
    RECONFIGURING,
    /** An accelerator is loaded and has no job. */
    IDLE,
    /**
     * Just connected to the IF of the VM it was allocated to, which has not started its job yet.
     * Only a request of strictly higher priority than that VM's may take it.
     */
    HOLD,
    /** An accelerator is loaded and runs a job. */
    BUSY,
    /** The running job was asked to stop at its next consistent point (WFSTOP in Ker-ONE). */
    STOPPING;

    /** The lower-case name used in traces and tables. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
