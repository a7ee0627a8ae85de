package org.kerone.fpga.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kerone.fpga.PrrState;
import org.kerone.fpga.Request;
import org.kerone.fpga.accel.DeviceInfo;
import org.kerone.fpga.policy.FabricView;
import org.kerone.fpga.policy.PrrView;

/**
 * A fabric view built by hand for one decision: PRRs in chosen states, devices, the clock and the
 * searching list. T_RCFG is 10 ns per bitstream byte; a job takes 10 ns per input byte. Shared by
 * the policy bundles' tests (platform.fpga's test jar).
 */
public final class FakeFabric implements FabricView {
    public static final long NS_PER_BITSTREAM_BYTE = 10;
    /** Fits "large" (T_RCFG 4 ms) and "small" (T_RCFG 2 ms) PRRs. */
    public static final int AES = 0;
    /** Fits "large" PRRs only (T_RCFG 4 ms). */
    public static final int SHA = 1;

    public final List<Prr> prrs = new ArrayList<>();
    public final Map<Integer, DeviceInfo> devices = new HashMap<>();
    public final List<Request> waiting = new ArrayList<>();
    public long now;

    /** A fabric without PRRs that knows {@link #AES} and {@link #SHA}, at time 0. */
    public static FakeFabric withAesAndSha() {
        return new FakeFabric()
                .device(AES, DeviceInfo.builder("aes").bitstream("large", 400_000).bitstream("small", 200_000).build())
                .device(SHA, DeviceInfo.builder("sha").bitstream("large", 400_000).build());
    }

    public FakeFabric device(int dev, DeviceInfo info) {
        devices.put(dev, info);
        return this;
    }

    /** Adds an empty PRR of {@code prrClass}. */
    public Prr addPrr(String prrClass) {
        Prr p = new Prr(prrs.size(), prrClass);
        prrs.add(p);
        return p;
    }

    @Override
    public int prrCount() {
        return prrs.size();
    }

    @Override
    public PrrView prr(int index) {
        return prrs.get(index);
    }

    @Override
    public boolean fits(int dev, int prr) {
        DeviceInfo info = devices.get(dev);
        return info != null && info.fits(prrs.get(prr).prrClass);
    }

    @Override
    public int[] compatiblePrrs(int dev) {
        return prrs.stream().filter(p -> fits(dev, p.index)).mapToInt(p -> p.index).toArray();
    }

    @Override
    public long nowNs() {
        return now;
    }

    @Override
    public long jobTimeNs(int dev, int bytes) {
        return 10L * bytes;
    }

    @Override
    public long reconfigurationTimeNs(int dev, int prr) {
        return NS_PER_BITSTREAM_BYTE * devices.get(dev).bitstreamBytes().get(prrs.get(prr).prrClass);
    }

    @Override
    public DeviceInfo deviceInfo(int dev) {
        return devices.get(dev);
    }

    @Override
    public List<Request> searchingList() {
        return List.copyOf(waiting);
    }

    /** The whole state, for a property test's failure message. */
    @Override
    public String toString() {
        return "now " + now + " ns, PRRs " + prrs + ", waiting " + waiting;
    }

    /** One PRR; the state setters return it so that a test reads as a table. */
    public static final class Prr implements PrrView {
        public final int index;
        public final String prrClass;
        public PrrState state = PrrState.EMPTY;
        public int device = -1;
        public int vm = -1;
        public int prio = Integer.MIN_VALUE;
        public boolean reserved;
        public long lastChange;

        Prr(int index, String prrClass) {
            this.index = index;
            this.prrClass = prrClass;
        }

        /** Holds {@code dev}, no job, unchanged since {@code since}. */
        public Prr idle(int dev, long since) {
            return set(PrrState.IDLE, dev, -1, Integer.MIN_VALUE, since);
        }

        /** Connected to VM {@code vm} of priority {@code prio}, which has not started its job. */
        public Prr hold(int dev, int vm, int prio, long since) {
            return set(PrrState.HOLD, dev, vm, prio, since);
        }

        /** Runs a job of VM {@code vm} of priority {@code prio}, started at {@code since}. */
        public Prr busy(int dev, int vm, int prio, long since) {
            return set(PrrState.BUSY, dev, vm, prio, since);
        }

        public Prr reserve() {
            reserved = true;
            return this;
        }

        private Prr set(PrrState s, int dev, int jobVm, int jobPrio, long since) {
            state = s;
            device = dev;
            vm = jobVm;
            prio = jobPrio;
            lastChange = since;
            return this;
        }

        @Override
        public String toString() {
            return id() + " (" + prrClass + ") " + state.label() + " dev " + device + " vm " + vm + " prio " + prio
                    + " since " + lastChange + (reserved ? " reserved" : "");
        }

        @Override
        public int index() {
            return index;
        }

        @Override
        public String id() {
            return "prr" + index;
        }

        @Override
        public String prrClass() {
            return prrClass;
        }

        @Override
        public PrrState state() {
            return state;
        }

        @Override
        public int device() {
            return device;
        }

        @Override
        public int connectedVm() {
            return vm;
        }

        @Override
        public int jobVm() {
            return state == PrrState.BUSY || state == PrrState.STOPPING ? vm : -1;
        }

        @Override
        public int jobPrio() {
            return prio;
        }

        @Override
        public boolean reserved() {
            return reserved;
        }

        @Override
        public long lastChangeNs() {
            return lastChange;
        }
    }
}
