package org.kerone.fpga.policy;

import org.kerone.fpga.PrrState;
import org.kerone.fpga.Request;

/**
 * The queries of {@link FabricView} answered by visiting every PRR the device fits (or, for
 * {@link #waitingFor}, every waiting request): what the interface's default methods do, and the
 * reference a monitor's indexes must agree with. Ties are broken by PRR index.
 */
public final class Scans {
    private Scans() {
    }

    /** See {@link FabricView#oldestIdle(int, boolean, int)}. */
    public static int oldestIdle(FabricView fabric, int dev, boolean holding, int holdBelow) {
        int best = -1;
        long bestAge = Long.MAX_VALUE;
        for (int p : fabric.compatiblePrrs(dev)) {
            PrrView prr = fabric.prr(p);
            if (prr.reserved() || (prr.device() == dev) != holding) {
                continue;
            }
            boolean idle = prr.state() == PrrState.IDLE || (prr.state() == PrrState.HOLD && prr.jobPrio() < holdBelow);
            if (idle && prr.lastChangeNs() < bestAge) {
                best = p;
                bestAge = prr.lastChangeNs();
            }
        }
        return best;
    }

    /** See {@link FabricView#firstEmpty(int)}. */
    public static int firstEmpty(FabricView fabric, int dev) {
        for (int p : fabric.compatiblePrrs(dev)) {
            PrrView prr = fabric.prr(p);
            if (!prr.reserved() && prr.state() == PrrState.EMPTY) {
                return p;
            }
        }
        return -1;
    }

    /** See {@link FabricView#weakestBusy(int, boolean, int)}. */
    public static int weakestBusy(FabricView fabric, int dev, boolean holding, int below) {
        int best = -1;
        int bestPrio = Integer.MAX_VALUE;
        for (int p : fabric.compatiblePrrs(dev)) {
            PrrView prr = fabric.prr(p);
            if (prr.reserved() || prr.state() != PrrState.BUSY || (prr.device() == dev) != holding) {
                continue;
            }
            if (prr.jobPrio() < below && prr.jobPrio() < bestPrio) {
                best = p;
                bestPrio = prr.jobPrio();
            }
        }
        return best;
    }

    /** See {@link FabricView#waitingFor(int, int)}. */
    public static int waitingFor(FabricView fabric, int dev, int minPrio) {
        int n = 0;
        for (Request r : fabric.searchingList()) {
            if (r.dev() == dev && r.prio() >= minPrio) {
                n++;
            }
        }
        return n;
    }
}
