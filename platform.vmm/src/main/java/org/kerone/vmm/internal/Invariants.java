package org.kerone.vmm.internal;

import java.util.HashMap;
import java.util.Map;
import org.kerone.fpga.Fabric;
import org.kerone.fpga.PrrState;
import org.kerone.fpga.policy.Scans;

/**
 * The platform's invariants, checkable after any event: the IF↔PRR switch is one-to-one, a device
 * page is read-write exactly when its IF is connected to a PRR holding that device that is neither
 * reconfiguring nor stopping, no VM maps another VM's IF, and every request ends exactly once.
 */
final class Invariants {
    private Invariants() {
    }

    /** Throws {@link IllegalStateException} naming the first broken invariant. */
    static void check(Machine m) {
        Fabric f = m.fabric;
        Map<Integer, Integer> prrOfIf = new HashMap<>();
        for (int p = 0; p < f.prrCount(); p++) {
            int ifId = f.connectedInterface(p);
            if (ifId >= 0) {
                Integer other = prrOfIf.put(ifId, p);
                if (other != null) {
                    fail(m, "IF " + ifId + " is connected to PRRs " + other + " and " + p);
                }
                if (f.connectedPrr(ifId) != p) {
                    fail(m, "PRR " + p + " is connected to IF " + ifId + ", which says PRR " + f.connectedPrr(ifId));
                }
            }
        }
        for (Guest g : m.guests) {
            for (int dev = 0; dev < m.deviceCount(); dev++) {
                long va = Machine.deviceVa(dev);
                int ifId = f.interfaceOf(g.vm, dev);
                long pa = g.pageTable.translate(va);
                if (pa != Machine.ifPa(ifId)) {
                    fail(m, "VM " + g.vm + " maps device " + dev + " to 0x" + Long.toHexString(pa) + ", not to its own IF "
                            + ifId);
                }
                if (f.interfaceVm(ifId) != g.vm || f.interfaceDevice(ifId) != dev) {
                    fail(m, "IF " + ifId + " mapped by VM " + g.vm + " belongs to VM " + f.interfaceVm(ifId));
                }
                int prr = f.connectedPrr(ifId);
                boolean usable = prr >= 0 && f.prr(prr).device() == dev && f.state(prr) != PrrState.RECONFIGURING
                        && f.state(prr) != PrrState.STOPPING;
                boolean writable = g.pageTable.permission(va) == PageTable.READ_WRITE;
                if (usable != writable) {
                    fail(m, "VM " + g.vm + " device " + dev + " page is " + (writable ? "read-write" : "read-only")
                            + " but its IF is " + (prr < 0 ? "unconnected" : "connected to PRR " + prr + " in state "
                                    + f.state(prr) + " holding device " + f.prr(prr).device()));
                }
            }
        }
        checkIndexes(m, f);
        if (!m.keepRequests) {
            return; // a live platform keeps only the open requests
        }
        long open = 0;
        for (Req r : m.requests()) {
            if (!r.ended) {
                open++;
                if (!m.live().containsKey(r.id)) {
                    fail(m, "request " + r.id + " is open but lost (not tracked by the VMM)");
                }
            }
        }
        if (open != m.live().size()) {
            fail(m, m.live().size() + " requests tracked, " + open + " open");
        }
    }

    /** The monitor's indexed answers to the policies' queries are those of a scan of every PRR (or waiting request). */
    private static void checkIndexes(Machine m, Fabric f) {
        int[] thresholds = {Integer.MIN_VALUE, 0, 1, 11, 50, 100, 101, Integer.MAX_VALUE};
        for (int dev = 0; dev < m.deviceCount(); dev++) {
            expect(m, "firstEmpty(" + dev + ")", f.firstEmpty(dev), Scans.firstEmpty(f, dev));
            for (boolean holding : new boolean[] {true, false}) {
                for (int t : thresholds) {
                    expect(m, "oldestIdle(" + dev + ", " + holding + ", " + t + ")", f.oldestIdle(dev, holding, t),
                            Scans.oldestIdle(f, dev, holding, t));
                    expect(m, "weakestBusy(" + dev + ", " + holding + ", " + t + ")", f.weakestBusy(dev, holding, t),
                            Scans.weakestBusy(f, dev, holding, t));
                }
            }
            for (int t : thresholds) {
                expect(m, "waitingFor(" + dev + ", " + t + ")", f.waitingFor(dev, t), Scans.waitingFor(f, dev, t));
            }
        }
    }

    private static void expect(Machine m, String query, int indexed, int scanned) {
        if (indexed != scanned) {
            fail(m, "the monitor answers " + query + " = " + indexed + " from its indexes, a scan (Scans) " + scanned);
        }
    }

    /** At the end of a run: every request ended. */
    static void checkEnded(Machine m) {
        for (Req r : m.requests()) {
            if (!r.ended) {
                fail(m, "request " + r.id + " never ended");
            }
        }
    }

    private static void fail(Machine m, String what) {
        throw new IllegalStateException("invariant broken at t=" + m.now() + " ns: " + what);
    }
}
