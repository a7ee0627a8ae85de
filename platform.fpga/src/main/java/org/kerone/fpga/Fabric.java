package org.kerone.fpga;

import java.util.List;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.fpga.policy.FabricView;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One FPGA fabric as the Virtual Device Manager drives it: its PRRs, the PR interfaces (IFs), the
 * IF↔PRR switch, the PRR Monitor with its searching list, the reconfiguration port and the
 * accelerators' jobs. Completions are reported through the {@link FabricHost}.
 *
 * <p>Not thread-safe: all calls come from the kernel thread. Misuse (connecting a PRR that is
 * reconfiguring, starting a job on an unconnected IF, ...) throws {@link IllegalStateException}.
 */
@ProviderType
public interface Fabric extends FabricView {

    // --- topology -------------------------------------------------------------------------

    /** Adds a PRR; returns its index. The monitor may push solutions for it at once. */
    int addPrr(PrrSpec spec);

    /** Index of the PRR with this id, or -1. */
    int prrIndex(String id);

    PrrSpec prrSpec(int prr);

    /**
     * Makes {@code dev} implementable by the accelerator (its bitstreams define where it fits). When
     * {@code dev} had another accelerator (a new version), idle PRRs holding the old one are
     * cleared and busy ones are cleared when their job ends, so the next reconfiguration loads the
     * new bitstream; jobs running on the old one finish on it.
     */
    void installDevice(int dev, Accelerator accelerator);

    /**
     * Forgets the device: its running jobs are aborted ({@link FabricHost#jobAborted}), PRRs holding
     * or loading it become empty ({@link FabricHost#disconnected} for their IFs), saved contexts of
     * its stopped jobs are dropped, and its requests leave the searching list; they are returned.
     */
    List<Request> removeDevice(int dev);

    /**
     * Retires a PRR: no solution names it any more. It goes at once if it has no job and no
     * reservation; a running job is stopped and saved first (reported through
     * {@link FabricHost#stopped} with request id -1), a reservation is honoured first.
     */
    void retirePrr(int prr);

    /** True once a PRR has been retired (its index is never reused). */
    boolean retired(int prr);

    /** Empties an idle PRR (dfx-mgr's "remove"): returns the IF it was connected to, or -1. */
    int clear(int prr);

    /** Aborts the job started through the IF (running or saved), without saving; the PRR keeps its device. */
    void abortJob(int ifId);

    /** New timing parameters, from now on. */
    void configure(FabricConfig config);

    /** The accelerator behind {@code dev}, or null. */
    Accelerator device(int dev);

    // --- PR interfaces and the switch ----------------------------------------------------------

    /** The IF backing virtual device {@code dev} of VM {@code vm}, created unconnected on first use. */
    int interfaceOf(int vm, int dev);

    int interfaceVm(int ifId);

    int interfaceDevice(int ifId);

    /** PRR the IF is connected to, or -1. */
    int connectedPrr(int ifId);

    /** IF connected to the PRR, or -1. */
    int connectedInterface(int prr);

    /**
     * Connects the PRR, which must hold the IF's device and have no job, to the IF: whatever IF had
     * it is disconnected, the reservation ends and the PRR is in HOLD for a VM of priority
     * {@code prio} until the IF starts a job. Returns the IF that lost it, or -1.
     */
    int connect(int prr, int ifId, int prio);

    /** Disconnects the PRR from its IF; returns that IF or -1. */
    int disconnect(int prr);

    // --- PRR Monitor ------------------------------------------------------------------------------

    /** Selects the policy (null: the built-in one). The searching list is kept and searched again. */
    void setPolicy(String name, AllocationPolicy policy);

    /** Name of the policy deciding now. */
    String policyName();

    /**
     * Searches a solution for the request. An available solution reserves its PRR until the
     * allocation connects it; Unavailable puts the request in the searching list.
     */
    Solution request(Request request);

    /** Removes a request from the searching list; true if it was there. */
    boolean withdraw(long requestId);

    /** Ends the reservation of a PRR whose solution will not be applied. */
    void unreserve(int prr);

    // --- reconfiguration port and preemption ---------------------------------------------------------

    /** Starts loading {@code dev}'s bitstream into the PRR (which must be idle or empty); returns T_RCFG. */
    long reconfigure(int prr, int dev, long reqId);

    /** Asks the PRR's running job to stop at its next consistent point and save its context; returns T_preempt. */
    long preempt(int prr, long reqId);

    // --- jobs --------------------------------------------------------------------------------------

    /**
     * Starts a job through the IF, which must be connected to an idle PRR holding its device. If
     * the IF keeps the saved context of a preempted job, that job resumes instead and the arguments
     * are ignored. {@code prio} is the VM's priority, which policies see as the job's. Returns the
     * job's remaining run time.
     *
     * @throws IllegalArgumentException when the accelerator refuses the arguments or the length
     */
    long startJob(int ifId, int prio, byte[] args, byte[] input, byte[] output);

    /**
     * Starts a job whose result no one reads: it is timed, preempted, saved and resumed exactly as
     * {@link #startJob(int, int, byte[], byte[], byte[])} would run it on {@code inputBytes} bytes
     * of input, but the accelerator's functional model computes nothing. For runs that observe
     * timing only (a policy sweep with tracing off).
     *
     * @throws IllegalArgumentException when the accelerator refuses the arguments or the length
     */
    long startTimedJob(int ifId, int prio, byte[] args, int inputBytes);

    /** True when the IF keeps the context of a stopped job. */
    boolean hasSuspendedJob(int ifId);

    /** Drops a suspended job's context (its VM gave up or was removed). */
    void discardSuspendedJob(int ifId);

    /** Progress of the job through IF: units done and total, or null when there is none. */
    long[] jobProgress(int ifId);

    /** The accelerator whose bitstream the PRR holds (or is loading), or null when empty. */
    Accelerator loaded(int prr);

    /** Current state of the PRR. */
    PrrState state(int prr);
}
