package org.kerone.fpga.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kerone.fpga.Fabric;
import org.kerone.fpga.FabricConfig;
import org.kerone.fpga.FabricHost;
import org.kerone.fpga.PrrSpec;
import org.kerone.fpga.PrrState;
import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.Bitstream;
import org.kerone.fpga.accel.DeviceInfo;
import org.kerone.fpga.accel.JobShape;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.fpga.policy.PrrView;

/**
 * The simulated fabric: PRRs, IFs and the switch between them, the PRR Monitor with its searching
 * list and policy, the PCAP reconfiguration port and the accelerators' jobs, timed through the host.
 */
final class SimFabric implements Fabric {
    private static final int[] NONE = new int[0];

    private FabricConfig config;
    private final FabricHost host;
    private final BuiltinPolicy builtin = new BuiltinPolicy();
    private final List<Prr> prrs = new ArrayList<>();
    private final Map<String, Integer> prrIds = new HashMap<>();
    private final List<Iface> ifaces = new ArrayList<>();
    private final Map<Long, Iface> ifaceByVmDev = new HashMap<>();
    private Accelerator[] devices = new Accelerator[8];
    private int[][] compatible = new int[8][];
    private final SearchingList searching;
    /** PRR size classes by name, numbered in the order they come. */
    private final Map<String, Integer> classIds = new HashMap<>();
    private final List<String> classNames = new ArrayList<>();
    private final PrrIndex index = new PrrIndex(prrs);
    /** Per device, the classes it fits; per class, the installed devices that fit it (null: to compute). */
    private int[][] classesOf = new int[8][];
    private int[][] devicesOf = new int[0][];
    private AllocationPolicy policy = builtin;
    private String policyName = BuiltinPolicy.NAME;
    private boolean searchingNow;
    /** The port's verdict on each device's bitstream per PRR class ("" = accepted, null = not checked yet): checked once per device version, not on every load. */
    private String[][] bitstreamVerdicts = new String[8][];
    /** Bitstream size per device and class, 0 when not looked up yet. */
    private int[][] bitstreamSizes = new int[8][];

    SimFabric(FabricConfig config, FabricHost host) {
        this.config = config;
        this.host = host;
        this.searching = new SearchingList(builtin, (request, reason) -> host.policyRefused(policyName, request, reason));
    }

    // --- FabricView ---------------------------------------------------------------------------

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
        if (prr < 0 || prr >= prrs.size() || device(dev) == null) {
            return false;
        }
        Prr p = prrs.get(prr);
        return !p.retiring && fitsClass(dev, p.cls);
    }

    private boolean fitsClass(int dev, int cls) {
        for (int c : classesOf(dev)) {
            if (c == cls) {
                return true;
            }
        }
        return false;
    }

    /** The classes an installed device fits (none for a device not installed). */
    private int[] classesOf(int dev) {
        if (device(dev) == null) {
            return NONE;
        }
        int[] cached = classesOf[dev];
        if (cached == null) {
            DeviceInfo info = devices[dev].info();
            cached = java.util.stream.IntStream.range(0, classNames.size()).filter(c -> info.fits(classNames.get(c))).toArray();
            classesOf[dev] = cached;
        }
        return cached;
    }

    /** The installed devices that fit a class. */
    private int[] devicesOf(int cls) {
        int[] cached = devicesOf[cls];
        if (cached == null) {
            cached = java.util.stream.IntStream.range(0, devices.length).filter(d -> fitsClass(d, cls)).toArray();
            devicesOf[cls] = cached;
        }
        return cached;
    }

    /** Forgets the device × class tables after a device or a class came or went. */
    private void devicesChanged() {
        Arrays.fill(compatible, null);
        Arrays.fill(classesOf, null);
        Arrays.fill(devicesOf, null);
    }

    /**
     * A device was installed, replaced or removed: its bitstreams are checked again, at once for every
     * PRR class it fits, while its bundle is surely there. Checked at its first load instead, a
     * device whose bundle is being updated (it stays installed for a grace period) could no longer
     * read its bitstream, and the load would fail although nothing is wrong with it.
     */
    private void checkBitstreams(int dev) {
        bitstreamVerdicts[dev] = null;
        bitstreamSizes[dev] = null;
        Accelerator acc = devices[dev];
        if (acc == null) {
            return;
        }
        DeviceInfo info = acc.info();
        for (int cls = 0; cls < classNames.size(); cls++) {
            if (info.fits(classNames.get(cls))) {
                bitstreamVerdict(dev, cls);
            }
        }
    }

    @Override
    public int[] compatiblePrrs(int dev) {
        if (dev < 0 || dev >= devices.length || devices[dev] == null) {
            return NONE;
        }
        int[] cached = compatible[dev];
        if (cached == null) {
            DeviceInfo info = devices[dev].info();
            cached = prrs.stream().filter(p -> !p.retiring && info.fits(p.spec.prrClass())).mapToInt(p -> p.index).toArray();
            compatible[dev] = cached;
        }
        return cached;
    }

    @Override
    public long nowNs() {
        return host.nowNs();
    }

    @Override
    public long jobTimeNs(int dev, int bytes) {
        Accelerator acc = device(dev);
        if (acc == null) {
            return 0;
        }
        DeviceInfo info = acc.info();
        long units;
        try {
            units = acc.shape(new byte[info.argsBytes()], bytes).units();
        } catch (IllegalArgumentException e) {
            units = 1;
        }
        return config.cyclesToNs(info.setupCycles() + units * info.cyclesPerUnit());
    }

    @Override
    public DeviceInfo deviceInfo(int dev) {
        Accelerator acc = device(dev);
        return acc == null ? null : acc.info();
    }

    @Override
    public long reconfigurationTimeNs(int dev, int prr) {
        return config.reconfigurationNs(bitstreamBytes(dev, prrs.get(prr)));
    }

    // --- topology -------------------------------------------------------------------------------

    @Override
    public int addPrr(PrrSpec spec) {
        if (prrIds.containsKey(spec.id())) {
            throw new IllegalArgumentException("PRR '" + spec.id() + "' exists already");
        }
        Integer cls = classIds.get(spec.prrClass());
        if (cls == null) {
            cls = classNames.size();
            classIds.put(spec.prrClass(), cls);
            classNames.add(spec.prrClass());
            index.addClass();
            devicesOf = new int[classNames.size()][];
            // the installed devices' bitstreams for the new class, checked now as at their install
            for (int dev = 0; dev < devices.length; dev++) {
                if (devices[dev] != null && devices[dev].info().fits(spec.prrClass())) {
                    bitstreamVerdict(dev, cls);
                }
            }
        }
        Prr prr = new Prr(prrs.size(), spec, cls);
        prr.lastChangeNs = host.nowNs();
        prrs.add(prr);
        prrIds.put(spec.id(), prr.index);
        devicesChanged();
        index.reindex(prr);
        offer(prr, Integer.MIN_VALUE);
        return prr.index;
    }

    @Override
    public int prrIndex(String id) {
        return prrIds.getOrDefault(id, -1);
    }

    @Override
    public PrrSpec prrSpec(int prr) {
        return prrs.get(prr).spec;
    }

    @Override
    public void installDevice(int dev, Accelerator accelerator) {
        if (dev < 0) {
            throw new IllegalArgumentException("device id must not be negative: " + dev);
        }
        if (dev >= devices.length) {
            devices = Arrays.copyOf(devices, Math.max(dev + 1, devices.length * 2));
            compatible = Arrays.copyOf(compatible, devices.length);
            classesOf = Arrays.copyOf(classesOf, devices.length);
            bitstreamVerdicts = Arrays.copyOf(bitstreamVerdicts, devices.length);
            bitstreamSizes = Arrays.copyOf(bitstreamSizes, devices.length);
        }
        Accelerator previous = devices[dev];
        devices[dev] = accelerator;
        devicesChanged();
        checkBitstreams(dev);
        if (previous != null && previous != accelerator) {
            for (Prr prr : prrs) {
                if (prr.device == dev && !prr.retired) {
                    prr.stale = true;
                    clearIfStale(prr);
                }
            }
        }
        search();
    }

    /** Empties a PRR holding an outdated or removed device as soon as nothing uses it. */
    private void clearIfStale(Prr prr) {
        if (prr.stale && prr.reservedFor < 0 && (prr.state == PrrState.IDLE || prr.state == PrrState.HOLD)) {
            dropConnection(prr);
            prr.device = -1;
            prr.loaded = null;
            prr.stale = false;
            setState(prr, PrrState.EMPTY);
        }
    }

    /** Disconnects the PRR's IF on the fabric's own initiative and tells the host. */
    private void dropConnection(Prr prr) {
        int ifId = unlink(prr);
        if (ifId >= 0) {
            host.disconnected(prr.index, ifId);
        }
    }

    @Override
    public List<Request> removeDevice(int dev) {
        if (device(dev) == null) {
            return List.of();
        }
        devices[dev] = null;
        devicesChanged();
        checkBitstreams(dev);
        for (Prr prr : prrs) {
            if (prr.device != dev || prr.retired) {
                continue;
            }
            switch (prr.state) {
                case BUSY -> {
                    Job job = prr.job;
                    abort(prr, job);
                    dropConnection(prr);
                    prr.device = -1;
                    prr.loaded = null;
                    setState(prr, PrrState.EMPTY);
                    host.jobAborted(job.iface.id, "device removed");
                }
                case RECONFIGURING -> {
                    // the transfer is abandoned; whoever waited for it is failed by the host
                    prr.generation++;
                    prr.device = -1;
                    prr.loaded = null;
                    prr.reservedFor = -1;
                    setState(prr, PrrState.EMPTY);
                }
                case STOPPING -> prr.stale = true; // the stop ends, then the saved context is dropped
                default -> {
                    prr.stale = true;
                    prr.reservedFor = -1;
                    clearIfStale(prr);
                }
            }
            prr.lastChangeNs = host.nowNs();
            index.reindex(prr);
        }
        for (Iface iface : ifaces) {
            if (iface.dev == dev && iface.job != null && iface.job.prr < 0) {
                iface.job = null;
            }
        }
        List<Request> withdrawn = searching.removeDevice(dev);
        search();
        return withdrawn;
    }

    @Override
    public void retirePrr(int prrIndex) {
        Prr prr = prrs.get(prrIndex);
        if (prr.retired || prr.retiring) {
            return;
        }
        prr.retiring = true;
        prrIds.remove(prr.id());
        Arrays.fill(compatible, null);
        index.reindex(prr);
        maybeRetire(prr);
    }

    @Override
    public boolean retired(int prr) {
        return prrs.get(prr).retired;
    }

    /** Completes a retirement when the PRR is free, or stops its job first. */
    private void maybeRetire(Prr prr) {
        if (!prr.retiring || prr.retired || prr.reservedFor >= 0) {
            return;
        }
        switch (prr.state) {
            case BUSY -> {
                // the VM's page goes read-only before its job is asked to stop
                int victim = prr.job.iface.id;
                dropConnection(prr);
                host.stopping(prr.index, victim, preempt(prr.index, -1));
            }
            case IDLE, HOLD, EMPTY -> {
                dropConnection(prr);
                prr.retired = true;
                prr.device = -1;
                prr.loaded = null;
                setState(prr, PrrState.EMPTY);
            }
            default -> {
                // reconfiguring or stopping: retired when that ends
            }
        }
    }

    @Override
    public int clear(int prrIndex) {
        Prr prr = prrs.get(prrIndex);
        if (prr.reservedFor >= 0 || (prr.state != PrrState.IDLE && prr.state != PrrState.HOLD && prr.state != PrrState.EMPTY)) {
            throw new IllegalStateException("cannot empty " + prr + (prr.reservedFor >= 0 ? " (reserved)" : ""));
        }
        int ifId = unlink(prr);
        prr.device = -1;
        prr.loaded = null;
        setState(prr, PrrState.EMPTY);
        offer(prr, Integer.MIN_VALUE);
        return ifId;
    }

    @Override
    public void abortJob(int ifId) {
        Iface iface = ifaces.get(ifId);
        Job job = iface.job;
        if (job == null) {
            return;
        }
        if (job.prr >= 0) {
            Prr prr = prrs.get(job.prr);
            if (prr.state == PrrState.STOPPING) {
                job.abandoned = true; // the stop ends normally, the context is not kept
                return;
            }
            abort(prr, job);
            setState(prr, PrrState.IDLE);
            maybeRetire(prr);
            clearIfStale(prr);
        }
        iface.job = null;
        search();
    }

    private void abort(Prr prr, Job job) {
        host.cancel(job.endToken);
        job.endToken = -1;
        job.prr = -1;
        job.iface.job = null;
        prr.job = null;
    }

    @Override
    public void configure(FabricConfig newConfig) {
        this.config = newConfig;
    }

    @Override
    public Accelerator device(int dev) {
        return dev >= 0 && dev < devices.length ? devices[dev] : null;
    }

    // --- IFs and the switch ---------------------------------------------------------------------------

    @Override
    public int interfaceOf(int vm, int dev) {
        long key = ((long) vm << 32) | (dev & 0xffffffffL);
        Iface iface = ifaceByVmDev.get(key);
        if (iface == null) {
            iface = new Iface(ifaces.size(), vm, dev);
            ifaces.add(iface);
            ifaceByVmDev.put(key, iface);
        }
        return iface.id;
    }

    @Override
    public int interfaceVm(int ifId) {
        return ifaces.get(ifId).vm;
    }

    @Override
    public int interfaceDevice(int ifId) {
        return ifaces.get(ifId).dev;
    }

    @Override
    public int connectedPrr(int ifId) {
        return ifaces.get(ifId).prr;
    }

    @Override
    public int connectedInterface(int prr) {
        Iface iface = prrs.get(prr).iface;
        return iface == null ? -1 : iface.id;
    }

    @Override
    public int connect(int prrIndex, int ifId, int prio) {
        Prr prr = prrs.get(prrIndex);
        Iface iface = ifaces.get(ifId);
        if (prr.device != iface.dev || (prr.state != PrrState.IDLE && prr.state != PrrState.HOLD)) {
            throw new IllegalStateException("cannot connect " + prr + " to the IF of device " + iface.dev + " of VM " + iface.vm);
        }
        int lost = unlink(prr);
        if (iface.prr >= 0) {
            disconnect(iface.prr);
        }
        prr.iface = iface;
        iface.prr = prrIndex;
        prr.reservedFor = -1;
        prr.state = PrrState.HOLD;
        prr.holdPrio = prio;
        index.reindex(prr);
        if (prr.retiring) {
            // reserved before its retirement: a bare connection does not hold it, a job started meanwhile is stopped
            host.after(0, () -> maybeRetire(prr));
        }
        // only a waiting request of higher priority may take a PRR in HOLD
        if (searching.maxPriority() > prio) {
            offer(prr, prio);
        }
        return lost;
    }

    @Override
    public int disconnect(int prrIndex) {
        Prr prr = prrs.get(prrIndex);
        int ifId = unlink(prr);
        if (ifId >= 0 && prr.retiring) {
            maybeRetire(prr);
        }
        return ifId;
    }

    /** Takes the PRR from its IF, if any; a PRR in HOLD becomes IDLE. Returns that IF, or -1. */
    private int unlink(Prr prr) {
        Iface iface = prr.iface;
        if (iface == null) {
            return -1;
        }
        iface.prr = -1;
        prr.iface = null;
        if (prr.state == PrrState.HOLD) {
            prr.state = PrrState.IDLE;
            index.reindex(prr);
        }
        return iface.id;
    }

    // --- PRR Monitor ------------------------------------------------------------------------------------

    @Override
    public void setPolicy(String name, AllocationPolicy newPolicy) {
        policy = newPolicy == null ? builtin : newPolicy;
        policyName = newPolicy == null ? BuiltinPolicy.NAME : name;
        searching.reorder(policy);
        search();
    }

    @Override
    public String policyName() {
        return policyName;
    }

    @Override
    public Solution request(Request request) {
        Solution solution = decide(request);
        if (solution.available()) {
            reserve(prrs.get(solution.prr()), request.id());
        } else if (solution.kind() == Solution.Kind.UNAVAILABLE) {
            searching.add(request);
        }
        return solution;
    }

    @Override
    public boolean withdraw(long requestId) {
        return searching.remove(requestId);
    }

    @Override
    public List<Request> searchingList() {
        return searching.snapshot();
    }

    @Override
    public void unreserve(int prrIndex) {
        Prr prr = prrs.get(prrIndex);
        reserve(prr, -1);
        maybeRetire(prr);
        clearIfStale(prr);
        offer(prr, Integer.MIN_VALUE);
    }

    private Solution decide(Request request) {
        if (policy != builtin) {
            String refusal;
            try {
                Solution proposed = policy.solve(request, this);
                refusal = check(request, proposed);
                if (refusal == null) {
                    return proposed;
                }
            } catch (RuntimeException | LinkageError e) {
                refusal = "threw " + e; // a bug, or a class its bundle cannot load (a missing import, a refreshed bundle)
            }
            host.policyRefused(policyName, request, refusal);
        }
        return builtin.solve(request, this);
    }

    /** Why a policy's solution cannot be applied, or null when it can. */
    private String check(Request request, Solution s) {
        if (s == null) {
            return "returned no solution";
        }
        if (s.kind() == Solution.Kind.UNAVAILABLE) {
            return null;
        }
        if (s.kind() == Solution.Kind.SOFTWARE) {
            DeviceInfo info = deviceInfo(request.dev());
            return info != null && info.hasSoftware() ? null : "answered Software for a device without software implementation";
        }
        if (s.prr() >= prrs.size()) {
            return "named PRR " + s.prr() + ", which does not exist";
        }
        Prr prr = prrs.get(s.prr());
        if (prr.retiring) {
            return "named " + prr.id() + ", which is being retired";
        }
        if (!fits(request.dev(), s.prr())) {
            return "named " + prr.id() + ", which device " + request.dev() + " does not fit";
        }
        if (prr.reserved()) {
            return "named " + prr.id() + ", which is reserved for request " + prr.reservedFor;
        }
        // what the PRR is doing first: a wrong flag on a PRR that could not be taken anyway is not the problem
        if (s.kind() == Solution.Kind.ASSIGN && prr.state != PrrState.IDLE && prr.state != PrrState.EMPTY
                && !(prr.state == PrrState.HOLD && prr.holdPrio < request.prio())) {
            return "assigned " + prr + ", which is not idle or empty";
        }
        if (s.kind() == Solution.Kind.PREEMPT && prr.state != PrrState.BUSY) {
            return "preempted " + prr + ", which runs no job";
        }
        boolean needsReconfig = prr.device != request.dev();
        if (s.reconfig() != needsReconfig) {
            return s + " on " + prr + (needsReconfig ? " lacks" : " has a needless") + " Reconfig flag";
        }
        return null;
    }

    /**
     * Searches solutions for the whole searching list, in its order, and pushes each one found;
     * after a change that may concern every request (a device or the policy changed).
     */
    private void search() {
        if (searchingNow || searching.isEmpty() || index.candidates() == 0) {
            return;
        }
        searchingNow = true;
        try {
            int orders = searching.orders();
            Request r = searching.next(null, null);
            while (r != null) {
                // the fabric changed: go on only while some PRR could still be given
                if (tryServe(r) && index.candidates() == 0) {
                    return;
                }
                r = searching.next(r, null);
                if (searching.orders() != orders) {
                    // the order fell back meanwhile (the policy's compare threw): the walk starts again in the new one
                    orders = searching.orders();
                    r = searching.next(null, null);
                }
            }
        } finally {
            searchingNow = false;
        }
    }

    /**
     * One PRR changed in a way that may let a waiting request have it: the monitor asks for the
     * requests of the devices that fit it, in the list's order, those of a priority above
     * {@code abovePrio} only (a PRR in HOLD or BUSY goes only to a higher priority), until the PRR
     * is given or no such request is left. Nothing else changed since the last search, so the other
     * requests would get Unavailable again.
     */
    private void offer(Prr prr, int abovePrio) {
        if (searchingNow || searching.isEmpty() || !PrrIndex.offerable(prr)) {
            return;
        }
        int[] devs = devicesOf(prr.cls);
        int left = waitingAbove(devs, abovePrio);
        if (left == 0) {
            return;
        }
        searchingNow = true;
        try {
            int orders = searching.orders();
            Request r = searching.next(null, devs);
            while (r != null && left > 0) {
                if (r.prio() > abovePrio) {
                    left--;
                    if (tryServe(r) && !PrrIndex.offerable(prr)) {
                        return;
                    }
                }
                r = left > 0 ? searching.next(r, devs) : null;
                if (searching.orders() != orders) {
                    // the order fell back meanwhile (the policy's compare threw): the walk starts again in the new one
                    orders = searching.orders();
                    left = waitingAbove(devs, abovePrio);
                    r = searching.next(null, devs);
                }
            }
        } finally {
            searchingNow = false;
        }
    }

    /** How many requests for the devices {@code devs} of a priority above {@code prio} wait, at least. */
    private int waitingAbove(int[] devs, int prio) {
        int n = 0;
        for (int d : devs) {
            n += searching.countAbove(d, prio);
        }
        return n;
    }

    /**
     * Asks the policy for a waiting request; a solution takes it out of the list and is pushed.
     * Nothing else changes the list meanwhile (the host queues the solution as an interrupt), so the
     * caller finds the request after it by {@link SearchingList#next} once it is gone, and only when
     * it goes on.
     */
    private boolean tryServe(Request request) {
        Solution solution = decide(request);
        if (solution.kind() == Solution.Kind.UNAVAILABLE) {
            return false;
        }
        if (solution.available()) {
            reserve(prrs.get(solution.prr()), request.id());
        }
        searching.remove(request);
        host.solutionFound(request, solution);
        return true;
    }

    private void reserve(Prr prr, long requestId) {
        prr.reservedFor = requestId;
        index.reindex(prr);
    }

    /** Sets a PRR's state and the time of its last change. */
    private void setState(Prr prr, PrrState state) {
        prr.state = state;
        prr.lastChangeNs = host.nowNs();
        index.reindex(prr);
    }

    // --- the policies' queries, answered from the indexes ----------------------------------------------

    @Override
    public int oldestIdle(int dev, boolean holding, int holdBelow) {
        return index.oldestIdle(dev, holding, holdBelow, classesOf(dev));
    }

    @Override
    public int firstEmpty(int dev) {
        return index.firstEmpty(classesOf(dev));
    }

    @Override
    public int weakestBusy(int dev, boolean holding, int below) {
        return index.weakestBusy(dev, holding, below, classesOf(dev));
    }

    @Override
    public int waitingFor(int dev, int minPrio) {
        return searching.countAtLeast(dev, minPrio);
    }

    // --- reconfiguration and preemption ----------------------------------------------------------

    @Override
    public long reconfigure(int prrIndex, int dev, long reqId) {
        Prr prr = prrs.get(prrIndex);
        Accelerator acc = device(dev);
        if (acc == null) {
            throw new IllegalStateException("device " + dev + " is not installed");
        }
        if (prr.state != PrrState.IDLE && prr.state != PrrState.EMPTY && prr.state != PrrState.HOLD) {
            throw new IllegalStateException("cannot reconfigure " + prr);
        }
        String verdict = bitstreamVerdict(dev, prr.cls);
        String refusal = verdict.isEmpty() ? null : verdict;
        if (refusal != null) {
            // the port reads the header during its setup and stops there: the PRR keeps its content
            host.after(config.pcapSetupNs(), () -> host.reconfigurationFailed(prrIndex, reqId, refusal));
            return config.pcapSetupNs();
        }
        unlink(prr);
        long t = config.reconfigurationNs(bitstreamBytes(dev, prr));
        prr.device = dev;
        prr.loaded = acc;
        prr.stale = false;
        setState(prr, PrrState.RECONFIGURING);
        int generation = ++prr.generation;
        host.after(t, () -> {
            if (prr.generation != generation) {
                return; // abandoned (device removed)
            }
            setState(prr, PrrState.IDLE);
            host.reconfigured(prrIndex, reqId);
        });
        return t;
    }

    /** The port's verdict on the device's bitstream for a class, "" when accepted: checked once per device version and class. */
    private String bitstreamVerdict(int dev, int cls) {
        String[] byClass = bitstreamVerdicts[dev];
        if (byClass == null || byClass.length <= cls) {
            byClass = byClass == null ? new String[classNames.size()] : Arrays.copyOf(byClass, classNames.size());
            bitstreamVerdicts[dev] = byClass;
        }
        if (byClass[cls] == null) {
            String refused = bitstreamRefusal(devices[dev], classNames.get(cls));
            byClass[cls] = refused == null ? "" : refused;
        }
        return byClass[cls];
    }

    /** What a job reports when the device's own code threw {@code e}: the device, its version and the error. */
    static String failure(Accelerator acc, Throwable e) {
        String device;
        try {
            DeviceInfo info = acc.info();
            device = info.name() + " " + info.version();
        } catch (RuntimeException | LinkageError again) {
            device = acc.getClass().getName();
        }
        return device + ": its model failed: " + e;
    }

    /** Why the reconfiguration port refuses the device's bitstream for a PRR class, or null. */
    private static String bitstreamRefusal(Accelerator acc, String prrClass) {
        DeviceInfo info = acc.info();
        byte[] raw;
        try {
            raw = acc.bitstream(prrClass);
        } catch (RuntimeException | LinkageError e) {
            return info.name() + " " + info.version() + ": bitstream for class '" + prrClass + "' unreadable: " + e.getMessage();
        }
        if (raw == null) {
            return info.name() + " " + info.version() + ": no bitstream for PRR class '" + prrClass
                    + "' (the device declares one but ships none)";
        }
        try {
            String mismatch = Bitstream.decode(raw).mismatch(info, prrClass);
            return mismatch == null ? null : info.name() + " " + info.version() + ": " + mismatch;
        } catch (IllegalArgumentException e) {
            return info.name() + " " + info.version() + ": " + e.getMessage();
        }
    }

    private int bitstreamBytes(int dev, Prr prr) {
        int[] byClass = bitstreamSizes[dev];
        if (byClass == null || byClass.length <= prr.cls) {
            byClass = byClass == null ? new int[classNames.size()] : Arrays.copyOf(byClass, classNames.size());
            bitstreamSizes[dev] = byClass;
        }
        if (byClass[prr.cls] == 0) {
            Integer bytes = device(dev).info().bitstreamBytes().get(prr.spec.prrClass());
            if (bytes == null) {
                throw new IllegalStateException("device " + dev + " has no bitstream for " + prr.id() + " (class " + prr.spec.prrClass() + ")");
            }
            byClass[prr.cls] = bytes;
        }
        return byClass[prr.cls];
    }

    @Override
    public long preempt(int prrIndex, long reqId) {
        Prr prr = prrs.get(prrIndex);
        Job job = prr.job;
        if (prr.state != PrrState.BUSY || job == null) {
            throw new IllegalStateException("cannot preempt " + prr + ": no running job");
        }
        long now = host.nowNs();
        long stopUnit;
        long stopAt;
        if (now <= job.runStartNs) {
            stopUnit = job.done;
            stopAt = job.runStartNs;
        } else {
            long elapsedCycles = config.nsToCycles(now - job.runStartNs);
            stopUnit = Math.min(job.units, job.done + elapsedCycles / job.cyclesPerUnit + 1);
            stopAt = stopUnit == job.units ? job.endNs
                    : job.runStartNs + config.cyclesToNs((stopUnit - job.done) * job.cyclesPerUnit);
        }
        long save = stopUnit == job.units ? 0 : config.contextNs(job.contextBytes);
        long tPreempt = stopAt - now + save;
        host.cancel(job.endToken);
        job.endToken = -1;
        setState(prr, PrrState.STOPPING);
        final long unit = stopUnit;
        host.after(tPreempt, () -> stopped(prr, job, unit, reqId));
        return tPreempt;
    }

    private void stopped(Prr prr, Job job, long unit, long reqId) {
        Iface victim = job.iface;
        prr.job = null;
        job.prr = -1;
        unlink(prr);
        setState(prr, PrrState.IDLE);
        if (job.abandoned || device(victim.dev) == null) {
            victim.job = null;
            host.jobAborted(victim.id, device(victim.dev) == null ? "device removed" : "job abandoned");
        } else {
            String failure = job.processTo(unit);
            if (failure != null) {
                victim.job = null;
                host.jobAborted(victim.id, failure);
            } else if (unit == job.units) {
                victim.job = null;
                host.jobDone(victim.id);
            }
        }
        host.stopped(prr.index, reqId, victim.id);
        if (reqId < 0) {
            maybeRetire(prr);
        }
        clearIfStale(prr);
        offer(prr, Integer.MIN_VALUE);
    }

    // --- jobs -----------------------------------------------------------------------------------------

    @Override
    public long startJob(int ifId, int prio, byte[] args, byte[] input, byte[] output) {
        return start(ifId, prio, args, input.length, input, output);
    }

    @Override
    public long startTimedJob(int ifId, int prio, byte[] args, int inputBytes) {
        return start(ifId, prio, args, inputBytes, null, null);
    }

    private long start(int ifId, int prio, byte[] args, int inputBytes, byte[] input, byte[] output) {
        Iface iface = ifaces.get(ifId);
        if (iface.prr < 0) {
            throw new IllegalStateException("IF of device " + iface.dev + " of VM " + iface.vm + " is not connected");
        }
        Prr prr = prrs.get(iface.prr);
        if (prr.state != PrrState.HOLD && prr.state != PrrState.IDLE) {
            throw new IllegalStateException("cannot start a job on " + prr);
        }
        Accelerator acc = prr.loaded != null ? prr.loaded : device(iface.dev);
        long now = host.nowNs();
        Job job = iface.job;
        if (job != null) {
            job.runStartNs = now + config.contextNs(job.contextBytes);
        } else {
            JobShape shape;
            byte[] context;
            try {
                shape = java.util.Objects.requireNonNull(acc.shape(args, inputBytes), "shape() returned null");
                // a timed job runs no functional model: it needs no context
                context = input == null ? null : acc.newContext(args, inputBytes);
            } catch (IllegalArgumentException e) {
                throw refused(prr, e);
            } catch (RuntimeException | LinkageError e) {
                throw refused(prr, new IllegalArgumentException(failure(acc, e), e));
            }
            if (output != null && output.length < shape.outputLength()) {
                throw refused(prr, new IllegalArgumentException(acc.info().name() + ": output buffer of " + output.length
                        + " bytes is shorter than the " + shape.outputLength() + " the job writes"));
            }
            String tooLong = tooLong(acc.info(), shape.units());
            if (tooLong != null) {
                throw refused(prr, new IllegalArgumentException(tooLong));
            }
            job = new Job(this, iface, acc, prio, input, output, shape.units(), context);
            iface.job = job;
            job.runStartNs = now + config.cyclesToNs(acc.info().setupCycles());
        }
        job.endNs = job.runStartNs + config.cyclesToNs((job.units - job.done) * job.cyclesPerUnit);
        job.prr = prr.index;
        prr.job = job;
        setState(prr, PrrState.BUSY);
        job.endToken = host.schedule(job.endNs - now, job);
        if (prr.retiring) {
            maybeRetire(prr);
        }
        // a job started frees nothing: only a waiting request of higher priority may preempt it
        if (searching.maxPriority() > prio) {
            offer(prr, prio);
        }
        return job.endNs - now;
    }

    /** The longest job a device may declare: as long as the longest time a scenario names, far from overflowing virtual time. */
    static final long MAX_JOB_NS = 1L << 62;

    /** Why a job of {@code units} of the device cannot be timed (it would overflow virtual time), or null. */
    private String tooLong(DeviceInfo info, long units) {
        try {
            long ns = config.cyclesToNs(Math.addExact(info.setupCycles(), Math.multiplyExact(units, (long) info.cyclesPerUnit())));
            if (ns <= MAX_JOB_NS) {
                return null;
            }
        } catch (ArithmeticException e) {
            // beyond a long: too long as well
        }
        return info.name() + ": a job of " + units + " units of " + info.cyclesPerUnit() + " cycles takes longer than the "
                + MAX_JOB_NS + " ns (about 146 years) virtual time can run";
    }

    /**
     * A job refused at its start: its VM had its turn at the PRR, which no longer waits in HOLD for
     * it (a request of the same priority could not take it, for as long as the VM did something
     * else or for good once it ended); it stays connected, idle, as after a job, and is offered.
     * That happens right after, at the same virtual time, so that the host tells of the refusal
     * before the PRR goes to another request.
     */
    private IllegalArgumentException refused(Prr prr, IllegalArgumentException e) {
        Iface holder = prr.iface;
        if (prr.state == PrrState.HOLD) {
            host.after(0, () -> {
                if (prr.state == PrrState.HOLD && prr.iface == holder && !prr.retired) {
                    prr.state = PrrState.IDLE;
                    index.reindex(prr);
                    maybeRetire(prr);
                    clearIfStale(prr);
                    offer(prr, Integer.MIN_VALUE);
                }
            });
        }
        return e;
    }

    /**
     * A job's run is due to end. A host that cannot {@linkplain FabricHost#cancel cancel} may still
     * run the end of a run that stopped: it is ignored unless the job is running and due now (a
     * resumed run due at the very same time ends the same way, whichever of the two comes first).
     */
    void runEnds(Job job) {
        Prr prr = job.prr < 0 ? null : prrs.get(job.prr);
        if (prr == null || prr.job != job || prr.state != PrrState.BUSY || job.endNs != host.nowNs()) {
            return;
        }
        String failure = job.processTo(job.units);
        prr.job = null;
        job.prr = -1;
        job.iface.job = null;
        setState(prr, PrrState.IDLE);
        if (failure == null) {
            host.jobDone(job.iface.id);
        } else {
            host.jobAborted(job.iface.id, failure);
        }
        maybeRetire(prr);
        clearIfStale(prr);
        offer(prr, Integer.MIN_VALUE);
    }

    @Override
    public boolean hasSuspendedJob(int ifId) {
        Job job = ifaces.get(ifId).job;
        return job != null && job.prr < 0;
    }

    @Override
    public void discardSuspendedJob(int ifId) {
        Iface iface = ifaces.get(ifId);
        if (iface.job != null && iface.job.prr < 0) {
            iface.job = null;
        }
    }

    @Override
    public long[] jobProgress(int ifId) {
        Job job = ifaces.get(ifId).job;
        if (job == null) {
            return null;
        }
        long done = job.done;
        long now = host.nowNs();
        if (job.prr >= 0 && now > job.runStartNs) {
            done = Math.min(job.units, job.done + config.nsToCycles(now - job.runStartNs) / job.cyclesPerUnit);
        }
        return new long[] {done, job.units};
    }

    @Override
    public Accelerator loaded(int prr) {
        Prr p = prrs.get(prr);
        return p.device < 0 ? null : p.loaded;
    }

    @Override
    public PrrState state(int prr) {
        return prrs.get(prr).state;
    }
}
