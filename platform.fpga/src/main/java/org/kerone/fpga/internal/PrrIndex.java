package org.kerone.fpga.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kerone.fpga.PrrState;

/**
 * The PRR Monitor's indexes of the PRRs a request could be given, so that neither a decision nor a
 * search visits every PRR: per size class, the empty PRRs (by index), the idle ones (least recently
 * changed first), those in HOLD, and the busy ones (lowest job priority first); per device held,
 * the idle and the busy ones again. Reserved, retiring, reconfiguring and stopping PRRs are in
 * none. The fabric calls {@link #reindex} after every change of a PRR; the queries take the classes
 * the asking device fits.
 */
final class PrrIndex {
    private final List<Prr> prrs;
    private final List<AgeList> idleByClass = new ArrayList<>();
    private final List<Bits> emptyByClass = new ArrayList<>();
    private final List<Bits> holdByClass = new ArrayList<>();
    private final List<PrioSet> busyByClass = new ArrayList<>();
    private AgeList[] idleByDevice = new AgeList[8];
    private PrioSet[] busyByDevice = new PrioSet[8];
    /** PRRs in some index. */
    private int candidates;

    PrrIndex(List<Prr> prrs) {
        this.prrs = prrs;
    }

    /** A new size class, numbered from 0 in the order they come. */
    void addClass() {
        idleByClass.add(new AgeList());
        emptyByClass.add(new Bits());
        holdByClass.add(new Bits());
        busyByClass.add(new PrioSet());
    }

    /** How many PRRs could be allocated or preempted now. */
    int candidates() {
        return candidates;
    }

    /** True when the PRR is in an index: a request could be given it. */
    static boolean offerable(Prr prr) {
        return prr.indexedState != null;
    }

    private static boolean contains(int[] classes, int cls) {
        for (int c : classes) {
            if (c == cls) {
                return true;
            }
        }
        return false;
    }

    /**
     * Files a PRR in the indexes its state puts it in, after any change of its state, device,
     * reservation, job, holder or retirement: empty, idle (by class and by device held, least
     * recently changed first), in HOLD, or busy (by class and by device held, lowest job priority
     * first). Reserved, retiring, reconfiguring and stopping PRRs are in none.
     */
    void reindex(Prr prr) {
        unindex(prr);
        if (prr.retiring || prr.reservedFor >= 0) {
            return;
        }
        int c = prr.cls;
        switch (prr.state) {
            case EMPTY -> emptyByClass.get(c).set(prr.index);
            case IDLE -> {
                idleByClass.get(c).add(prr.byClass, prr.lastChangeNs);
                if (prr.device >= 0) {
                    idleOf(prr.device).add(prr.byDevice, prr.lastChangeNs);
                }
            }
            case HOLD -> holdByClass.get(c).set(prr.index);
            case BUSY -> {
                prr.indexedPrio = prr.job.prio;
                busyByClass.get(c).add(prr.indexedPrio, prr.index);
                busyOf(prr.device).add(prr.indexedPrio, prr.index);
            }
            default -> {
                return;
            }
        }
        prr.indexedState = prr.state;
        prr.indexedDevice = prr.device;
        candidates++;
    }

    private void unindex(Prr prr) {
        PrrState was = prr.indexedState;
        if (was == null) {
            return;
        }
        int c = prr.cls;
        switch (was) {
            case EMPTY -> emptyByClass.get(c).clear(prr.index);
            case IDLE -> {
                idleByClass.get(c).remove(prr.byClass);
                if (prr.indexedDevice >= 0) {
                    idleOf(prr.indexedDevice).remove(prr.byDevice);
                }
            }
            case HOLD -> holdByClass.get(c).clear(prr.index);
            case BUSY -> {
                busyByClass.get(c).remove(prr.indexedPrio, prr.index);
                busyOf(prr.indexedDevice).remove(prr.indexedPrio, prr.index);
            }
            default -> throw new IllegalStateException(prr + " indexed as " + was);
        }
        prr.indexedState = null;
        prr.indexedDevice = -1;
        candidates--;
    }

    private AgeList idleOf(int dev) {
        if (dev >= idleByDevice.length) {
            idleByDevice = Arrays.copyOf(idleByDevice, dev + 1);
        }
        AgeList list = idleByDevice[dev];
        if (list == null) {
            list = new AgeList();
            idleByDevice[dev] = list;
        }
        return list;
    }

    private PrioSet busyOf(int dev) {
        if (dev >= busyByDevice.length) {
            busyByDevice = Arrays.copyOf(busyByDevice, dev + 1);
        }
        PrioSet set = busyByDevice[dev];
        if (set == null) {
            set = new PrioSet();
            busyByDevice[dev] = set;
        }
        return set;
    }

    /** See {@link org.kerone.fpga.policy.FabricView#oldestIdle}; {@code classes}: those the device fits. */
    int oldestIdle(int dev, boolean holding, int holdBelow, int[] classes) {
        Prr best = null;
        if (holding) {
            AgeList list = dev < idleByDevice.length ? idleByDevice[dev] : null;
            for (AgeList.Node n = list == null ? null : list.first(); n != null; n = n.next) {
                if (contains(classes, n.prr.cls)) {
                    best = n.prr;
                    break;
                }
            }
        } else {
            for (int c : classes) {
                for (AgeList.Node n = idleByClass.get(c).first(); n != null; n = n.next) {
                    if (n.prr.device != dev) {
                        best = older(best, n.prr);
                        break;
                    }
                }
            }
        }
        if (holdBelow != Integer.MIN_VALUE) {
            // a PRR in HOLD for a lower priority counts as idle: there are few, visit them all
            for (int c : classes) {
                Bits hold = holdByClass.get(c);
                for (int p = hold.next(0); p >= 0; p = hold.next(p + 1)) {
                    Prr prr = prrs.get(p);
                    if ((prr.device == dev) == holding && prr.holdPrio < holdBelow) {
                        best = older(best, prr);
                    }
                }
            }
        }
        return best == null ? -1 : best.index;
    }

    private static Prr older(Prr a, Prr b) {
        if (a == null) {
            return b;
        }
        return b.lastChangeNs < a.lastChangeNs || (b.lastChangeNs == a.lastChangeNs && b.index < a.index) ? b : a;
    }

    /** See {@link org.kerone.fpga.policy.FabricView#firstEmpty}. */
    int firstEmpty(int[] classes) {
        int best = -1;
        for (int c : classes) {
            int p = emptyByClass.get(c).next(0);
            if (p >= 0 && (best < 0 || p < best)) {
                best = p;
            }
        }
        return best;
    }

    /** See {@link org.kerone.fpga.policy.FabricView#weakestBusy}. */
    int weakestBusy(int dev, boolean holding, int below, int[] classes) {
        if (classes.length == 0) {
            return -1;
        }
        if (holding) {
            return dev < busyByDevice.length && busyByDevice[dev] != null ? weakest(busyByDevice[dev], dev, true, below, classes) : -1;
        }
        int best = -1;
        for (int c : classes) {
            int p = weakest(busyByClass.get(c), dev, false, below, classes);
            if (p >= 0 && (best < 0 || prrs.get(p).job.prio < prrs.get(best).job.prio
                    || (prrs.get(p).job.prio == prrs.get(best).job.prio && p < best))) {
                best = p;
            }
        }
        return best;
    }

    /** In a priority index, the lowest priority below {@code below}, then lowest index, that fits and holds dev or not. */
    private int weakest(PrioSet set, int dev, boolean holding, int below, int[] classes) {
        for (int b = set.nextBucket(0); b >= 0 && b <= PrioSet.bucket(below); b = set.nextBucket(b + 1)) {
            Bits bucket = set.bucketSet(b);
            int found = -1;
            int foundPrio = Integer.MAX_VALUE;
            for (int p = bucket.next(0); p >= 0; p = bucket.next(p + 1)) {
                Prr prr = prrs.get(p);
                int prio = prr.job.prio;
                if (prio < below && prio < foundPrio && (prr.device == dev) == holding && contains(classes, prr.cls)) {
                    found = p;
                    foundPrio = prio;
                    if (b > 0 && b < PrioSet.BUCKETS - 1) {
                        break; // one priority per inner bucket: the lowest index is the first
                    }
                }
            }
            if (found >= 0) {
                return found;
            }
        }
        return -1;
    }
}
