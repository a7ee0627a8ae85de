package org.kerone.vmm;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The live platform: a Ker-ONE system that keeps running, its virtual time paced to the wall clock
 * by a speed factor, its topology (PRRs, VMs), cost profile, quantum and policy given by
 * configuration (PIDs {@value #PID}, {@value #VDM_PID}, factories {@value #PRR_FACTORY_PID} and
 * {@value #VM_FACTORY_PID}), its accelerators and policies bound as they come and go.
 *
 * <p>Every method may be called from any thread; each returns a consistent snapshot taken between
 * two events of the kernel. Refusals are {@link IllegalArgumentException} (unknown name) or
 * {@link IllegalStateException} (not possible now) with a message naming the problem.
 */
@ProviderType
public interface Platform {
    /** Configuration of the platform: cost profile, quantum, speed, seed, trace. */
    String PID = "kerone.platform";
    /** Configuration of the Virtual Device Manager: which policy decides. */
    String VDM_PID = "kerone.vdm";
    /** Factory configuration of one PRR. */
    String PRR_FACTORY_PID = "kerone.prr";
    /** Factory configuration of one VM. */
    String VM_FACTORY_PID = "kerone.vm";

    PlatformStatus status();

    List<DeviceStatus> devices();

    /** The monitor's searching list, oldest first. */
    List<WaitingRequest> searchingList();

    /** The last {@code n} trace events (JSON Lines), oldest first. */
    List<String> trace(int n);

    /** Name of the policy deciding now ("builtin" when none is bound). */
    String policy();

    /** Names of the policies bound now, sorted. */
    List<String> policies();

    /** Selects a bound policy by name from the next decision on; the searching list is kept. */
    void selectPolicy(String name);

    /** Forces {@code device} into an idle or empty PRR (a reconfiguration no request asked for). */
    void load(String device, String prr);

    /** Empties an idle PRR. */
    void unload(String prr);

    /** Virtual seconds per wall-clock second. */
    double speed();

    void speed(double factor);

    /** The statistics so far, as for a batch run. */
    Summary summary();

    /**
     * Virtual seconds that passed per wall-clock second over about the last second: the
     * {@linkplain #speed speed} when this machine keeps up with it, less when the platform's events need
     * more wall time than the speed allows (many busy VMs computing real results at a high speed).
     */
    default double achievedSpeed() {
        return speed();
    }

    /**
     * Whether the platform has started: false while it waits for its initial PRR and VM
     * configurations (virtual time stands still, so that no VM boots before the PRRs configured with
     * it). The start ends when no such configuration has come for a short quiet period, or at once by
     * {@link #endStart}.
     */
    default boolean started() {
        return true;
    }

    /**
     * Ends the start now: the caller handed over every initial PRR and VM configuration and saw each
     * applied ({@link #status}), so virtual time may run without waiting for the quiet period.
     */
    default void endStart() {
    }

    /**
     * Waits until virtual time reaches {@code ns}; false on timeout. A platform that has stopped (its
     * configuration deleted, its bundle stopped) throws {@link IllegalStateException} at once, here as
     * in every other method.
     */
    boolean awaitVirtualTime(long ns, long timeoutMillis) throws InterruptedException;
}
