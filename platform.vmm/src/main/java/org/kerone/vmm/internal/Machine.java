package org.kerone.vmm.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.kerone.fpga.Fabric;
import org.kerone.fpga.FabricFactory;
import org.kerone.fpga.FabricHost;
import org.kerone.fpga.PrrSpec;
import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.Step;
import org.kerone.vmm.VmSpec;

/**
 * One simulated Ker-ONE system: the kernel, the CPU, the guests with their page tables, the VDM and
 * the fabric it drives. It is the fabric's host (time base and interrupt lines) and keeps the
 * trace and the statistics of a run.
 */
final class Machine implements FabricHost {
    /** Virtual address of device 0's register page in every VM; device d is d pages above. */
    static final long DEVICE_WINDOW = 0x6000_0000L;
    /** Physical address of IF 0's register page; IF i is i pages above. */
    static final long IF_PHYSICAL = 0x8000_0000L;
    /** Each VM's RAM: 4 pages at virtual 0, physically apart; the RAM of 65535 VMs ends below the IF window. */
    static final long RAM_PHYSICAL = 0x0010_0000L;
    static final int RAM_PAGES = 4;
    /** PR interfaces the IF window (from {@link #IF_PHYSICAL} to 4 GiB) holds: a scenario's VMs times its devices. */
    static final long MAX_INTERFACES = (0x1_0000_0000L - IF_PHYSICAL) >> PageTable.PAGE_SHIFT;

    final Kernel kernel = new Kernel();
    CostProfile costs;
    final Cpu cpu;
    final Fabric fabric;
    final Vdm vdm;
    final Trace trace;
    Stats stats = new Stats();
    final Scenario scenario;
    final List<Guest> guests = new ArrayList<>();
    private final Map<Integer, Guest> guestByVm = new HashMap<>();
    /** The guest behind each IF, by IF id (null for a removed VM's). */
    private Guest[] guestByIf = new Guest[16];
    private final List<String> deviceNames = new ArrayList<>();
    /** Device ids of the removed devices. */
    private final java.util.BitSet removedDevices = new java.util.BitSet();
    private final Map<String, Integer> deviceIds = new HashMap<>();
    private final OpenRequests live = new OpenRequests();
    private final List<Req> all = new ArrayList<>();
    /** Tests keep every request to check at the end that each ended; batch runs (memory would grow with the run) and a live platform do not. */
    boolean keepRequests = true;
    /**
     * Whether jobs compute their results: the guests fill their inputs and the functional models
     * run. By default only when the trace is on, the only observer of results in a batch run (the
     * trace's CRCs); timing, and so the summary, is the same either way. A live platform always
     * computes them.
     */
    boolean computeResults;

    /** A machine that runs for ever: only open requests and the most recent overhead samples are kept. */
    void goLive() {
        keepRequests = false;
        computeResults = true;
        stats = new Stats(Stats.LIVE_WINDOW);
    }
    private long nextRequest = 1;
    private int nextGuestIndex;
    private int guestsEnded;

    Machine(Scenario scenario, CostProfile costs, FabricFactory fabrics, SortedMap<String, Accelerator> accelerators,
            String policyName, AllocationPolicy policy, Trace trace) {
        this.scenario = scenario;
        this.costs = costs;
        this.trace = trace;
        this.computeResults = trace.on;
        this.cpu = new Cpu(kernel, costs.cost(Primitive.VM_SWITCH), scenario.quantumNs());
        this.fabric = fabrics.create(costs.fabric, this);
        this.vdm = new Vdm(this);
        fabric.setPolicy(policyName, policy);
        TreeSet<String> names = new TreeSet<>(accelerators.keySet());
        for (VmSpec vm : scenario.vms()) {
            for (Step s : vm.steps()) {
                if (s instanceof Step.Use u) {
                    names.add(u.device());
                }
            }
        }
        for (String name : names) {
            int dev = deviceNames.size();
            deviceNames.add(name);
            deviceIds.put(name, dev);
            Accelerator acc = accelerators.get(name);
            if (acc != null) {
                fabric.installDevice(dev, acc);
            }
        }
        for (PrrSpec prr : scenario.prrs()) {
            fabric.addPrr(prr);
        }
        for (VmSpec spec : scenario.vms()) {
            addGuest(spec, spec.startNs());
        }
    }

    /** Boots a guest at virtual time {@code at}: its RAM and every device page (read-only) mapped. */
    Guest addGuest(VmSpec spec, long at) {
        if (guestByVm.containsKey(spec.id())) {
            throw new IllegalArgumentException("VM " + spec.id() + " exists already");
        }
        Guest g = new Guest(this, spec, nextGuestIndex++, scenario.seed(), cpu.quantumNs);
        guests.add(g);
        guestByVm.put(g.vm, g);
        g.pageTable.mapRange(0, RAM_PHYSICAL + (long) g.index * RAM_PAGES * 4096, RAM_PAGES, PageTable.READ_WRITE);
        for (int dev = 0; dev < deviceNames.size(); dev++) {
            mapDevice(g, dev);
        }
        kernel.at(Math.max(at, now()), () -> {
            if (g.removed()) {
                return;
            }
            if (trace.on) {
                trace.begin(now(), "vm_start").field("vm", g.vm).field("prio", g.prio).end();
            }
            g.booted = true;
            if (g.workload != null) {
                arrive(g);
            }
            cpu.ready(g);
        });
        return g;
    }

    /** A workload job arrives now; the next arrival is scheduled. */
    private void arrive(Guest g) {
        if (g.removed() || g.workload.exhausted()) {
            return;
        }
        WorkloadJob job = g.workload.next(now());
        stats.arrivals++;
        if (trace.on) {
            Step.Use use = (Step.Use) job.steps().get(job.steps().size() - 1);
            trace.begin(now(), "job_arrival").field("vm", g.vm).field("job", job.id()).field("device", use.device())
                    .field("bytes", use.bytes()).field("prio", g.prio);
            if (job.deadlineNs() != Long.MAX_VALUE) {
                trace.field("deadline_ns", job.deadlineNs());
            }
            trace.end();
        }
        g.arrived(job);
        if (!g.workload.exhausted()) {
            kernel.after(g.workload.gap(), () -> arrive(g));
        }
    }

    static long deviceVa(int dev) {
        return DEVICE_WINDOW + ((long) dev << PageTable.PAGE_SHIFT);
    }

    static long ifPa(int ifId) {
        return IF_PHYSICAL + ((long) ifId << PageTable.PAGE_SHIFT);
    }

    long now() {
        return kernel.now();
    }

    /** The device id of {@code name}; a name never seen gets a slot (its page mapped in every VM) with no accelerator behind it. */
    int deviceId(String name) {
        Integer dev = deviceIds.get(name);
        return dev != null ? dev : slot(name);
    }

    private int slot(String name) {
        int dev = deviceNames.size();
        deviceNames.add(name);
        deviceIds.put(name, dev);
        for (Guest g : guests) {
            mapDevice(g, dev);
        }
        return dev;
    }

    /** Maps the register page of {@code dev} (read-only) in the guest: its IF's page. */
    private void mapDevice(Guest g, int dev) {
        int ifId = fabric.interfaceOf(g.vm, dev);
        g.pageTable.map(deviceVa(dev), ifPa(ifId), PageTable.READ_ONLY);
        g.interfaceIs(dev, ifId);
        if (ifId >= guestByIf.length) {
            guestByIf = java.util.Arrays.copyOf(guestByIf, Math.max(ifId + 1, 2 * guestByIf.length));
        }
        guestByIf[ifId] = g;
    }

    String deviceName(int dev) {
        return deviceNames.get(dev);
    }

    int deviceCount() {
        return deviceNames.size();
    }

    /** Arguments for a job of {@code bytes} on {@code dev} (none when the device is absent or refuses the size). */
    byte[] exampleArgs(int dev, int bytes, java.util.random.RandomGenerator random) {
        Accelerator acc = fabric.device(dev);
        if (acc == null) {
            return new byte[0];
        }
        try {
            return acc.exampleArgs(bytes, random);
        } catch (IllegalArgumentException e) {
            return new byte[acc.info().argsBytes()];
        } catch (RuntimeException | LinkageError e) {
            return new byte[0]; // a device whose code fails: the job's start refuses it with the reason
        }
    }

    /** Output buffer size for a job (at least 64 bytes, whatever the device says). */
    int outputLength(int dev, byte[] args, int bytes) {
        Accelerator acc = fabric.device(dev);
        if (acc == null) {
            return Math.max(bytes, 64);
        }
        try {
            return Math.max(64, acc.shape(args, bytes).outputLength());
        } catch (RuntimeException | LinkageError e) {
            return Math.max(bytes, 64);
        }
    }

    /** The accelerator installed under {@code name}, or null. */
    Accelerator accelerator(String name) {
        Integer dev = deviceIds.get(name);
        return dev == null ? null : fabric.device(dev);
    }

    Guest guestOf(int vm) {
        return guestByVm.get(vm);
    }

    /** The guest whose IF {@code ifId} is, or null when its VM was removed. */
    Guest guestOfIf(int ifId) {
        return ifId < guestByIf.length ? guestByIf[ifId] : null;
    }

    List<Req> requests() {
        return all;
    }

    /** Runs until every program ended or the horizon. Requests still open at the horizon fail. */
    void run() {
        long horizon = scenario.horizonNs() > 0 ? scenario.horizonNs() : Long.MAX_VALUE;
        while (guestsEnded < guests.size() && kernel.nextTime() <= horizon && kernel.step()) {
            // events run
        }
        if (guestsEnded < guests.size() && horizon != Long.MAX_VALUE) {
            // stopped by the horizon: the run ends there (not at its last event before it), and so do its open requests
            kernel.advanceTo(horizon);
        }
        // without a horizon, guests that did not end wait for something nothing will do (a policy that never gives a PRR)
        failOpenRequests(guestsEnded == guests.size() ? "run ended" : horizon != Long.MAX_VALUE ? "run ended at the horizon"
                : "run ended with nothing left to happen (no event could serve it)");
        trace.flush();
    }

    /** Fails every request still open with {@code reason}: the run ends, and so do its open requests. */
    void failOpenRequests(String reason) {
        // the open requests are the live ones (in id order, as they were raised): this needs no list of every request
        for (Req r : live.inIdOrder()) {
            if (!r.ended) {
                failed(r, reason);
            }
        }
    }

    // --- guest side ------------------------------------------------------------------------------

    /** A guest writes the register page of {@code dev}. */
    PageTable.Access writeDevice(Guest g, int dev) {
        return g.pageTable.access(deviceVa(dev), true);
    }

    /** The write that starts the job succeeded; returns false when the accelerator refused the job. */
    boolean startJob(Guest g) {
        int ifId = g.interfaceOf(g.dev);
        boolean resumed = fabric.hasSuspendedJob(ifId);
        long ns;
        try {
            ns = g.input != null ? fabric.startJob(ifId, g.prio, g.args, g.input, g.output)
                    : fabric.startTimedJob(ifId, g.prio, g.args, g.inputBytes);
        } catch (IllegalArgumentException e) {
            stats.jobsRefused++;
            if (trace.on) {
                trace.begin(now(), "job_refused").field("vm", g.vm).field("dev", g.dev).field("reason", e.getMessage()).end();
            }
            return false;
        }
        if (trace.on) {
            long[] progress = fabric.jobProgress(ifId);
            trace.begin(now(), "job_start").field("vm", g.vm).field("dev", g.dev).field("prr", fabric.connectedPrr(ifId))
                    .field("units", progress[1]).field("from_unit", progress[0]).field("resumed", resumed)
                    .field("run_ns", ns).end();
        }
        return true;
    }

    /** Permission fault on a device page: the VMM decodes it, blocks the VM and posts the request to the VDM. */
    void trap(Guest g, int dev) {
        long id = nextRequest++;
        int ifId = g.interfaceOf(dev);
        Req r = new Req(id, g, dev, ifId, now(), g.deadlineNs);
        live.add(r);
        if (keepRequests) {
            all.add(r);
        }
        stats.requests++;
        g.requests++;
        if (trace.on) {
            trace.begin(now(), "trap").field("vm", g.vm).field("dev", dev).field("req", id)
                    .field("addr", "0x" + Long.toHexString(deviceVa(dev) + org.kerone.fpga.RegisterPage.LENGTH)).end();
        }
        cpu.hyp(hyp(HypAction.TRAP, r), costs.cost(Primitive.TRAP), r);
        forward(Primitive.IPC, vdm.request(r), r, null);
    }

    /** The requester runs again at its faulting access: the request is served. */
    void resumed(Guest g, Req r) {
        long latency = now() - r.trapNs;
        long overhead = latency - r.rcfgNs - r.preemptNs - r.queueNs - r.cpuWaitNs;
        end(r);
        stats.served(r.pathIndex(), latency, overhead);
        g.served++;
        if (trace.on) {
            trace.begin(now(), "resume").field("vm", g.vm).field("req", r.id).end();
            trace.begin(now(), "served").field("vm", g.vm).field("dev", r.dev).field("req", r.id).field("path", r.path())
                    .field("latency_ns", latency).field("overhead_ns", overhead).field("rcfg_ns", r.rcfgNs)
                    .field("preempt_ns", r.preemptNs).field("queue_ns", r.queueNs).field("cpu_wait_ns", r.cpuWaitNs);
            if (!r.software && fabric.connectedPrr(r.ifId) < 0) {
                // connected and told "ready", but the PRR went to another request before this VM got the CPU back
                trace.field("disconnected", true);
            }
            trace.end();
        }
    }

    /**
     * CPU time of the current use's job in the device's software implementation; 1 ns for a job it
     * cannot time (its device gone, its code failing, a time beyond a long): the job's end says why.
     */
    long softwareNs(Guest g) {
        Accelerator acc = fabric.device(g.dev);
        try {
            return Math.max(1, Math.multiplyExact(acc.shape(g.args, g.inputBytes).units(), acc.info().softwareNsPerUnit()));
        } catch (RuntimeException | LinkageError e) {
            return 1;
        }
    }

    /**
     * The software job ended: its result is the functional model's, computed on the CPU. A job whose
     * device went meanwhile, whose device's code throws or whose time does not fit a long ends as
     * {@code job_aborted} with the reason, and the guest goes on with its program.
     */
    void softwareDone(Guest g) {
        Accelerator acc = fabric.device(g.dev);
        String failure = null;
        if (acc == null) {
            failure = "device removed";
        } else {
            try {
                long units = acc.shape(g.args, g.inputBytes).units();
                long perUnit = acc.info().softwareNsPerUnit();
                if (perUnit > 0 && units > Long.MAX_VALUE / perUnit) {
                    throw new IllegalArgumentException(acc.info().name() + ": a software job of " + units + " units of " + perUnit
                            + " ns takes longer than virtual time can run");
                }
                if (g.input != null) {
                    acc.process(acc.newContext(g.args, g.inputBytes), g.input, g.output, 0, units);
                }
            } catch (RuntimeException | LinkageError e) {
                failure = modelFailure(acc, e);
            }
        }
        if (failure != null) {
            stats.jobsAborted++;
            if (trace.on) {
                trace.begin(now(), "job_aborted").field("vm", g.vm).field("dev", g.dev).field("reason", failure).end();
            }
            return;
        }
        stats.softwareJobs++;
        if (trace.on) {
            trace.begin(now(), "job_done").field("vm", g.vm).field("dev", g.dev);
            crc(g);
            trace.field("software", true);
            jobOutcome(g);
            trace.end();
        }
    }

    /** Why a device's code failed, naming the device as {@code <name> <version>} where it can. */
    private static String modelFailure(Accelerator acc, Throwable e) {
        String device;
        try {
            device = acc.info().name() + " " + acc.info().version();
        } catch (RuntimeException | LinkageError again) {
            device = acc.getClass().getName();
        }
        return device + ": its model failed: " + e;
    }

    /** The CRC of the job's output, added to the current trace event (none when results are not computed). */
    private void crc(Guest g) {
        if (g.output != null) {
            CRC32 crc = new CRC32();
            crc.update(g.output);
            trace.field("crc", Long.toHexString(crc.getValue()));
        }
    }

    /** For a workload job: its response time and whether it met its deadline, added to the current trace event. */
    private void jobOutcome(Guest g) {
        WorkloadJob job = g.job();
        if (job != null) {
            trace.field("job", job.id()).field("prio", g.prio).field("response_ns", now() - job.arrivalNs());
            if (job.deadlineNs() != Long.MAX_VALUE) {
                trace.field("deadline_met", now() <= job.deadlineNs());
            }
        }
    }

    /**
     * A guest whose program runs forever did a whole pass without taking any time: it is stopped (its
     * {@code vm_end} says why) instead of looping at this instant for good.
     */
    void guestStalled(Guest g) {
        guestEnded(g, "a whole pass of its program took no time (each use refused or failed at once): stopped");
        if (stallListener != null) {
            stallListener.accept(g.vm);
        }
    }

    /** Live: told of each guest stopped by {@link #guestStalled}. */
    java.util.function.IntConsumer stallListener;

    void guestEnded(Guest g) {
        guestEnded(g, null);
    }

    /** The guest's program ended; {@code reason}, when not null, says why it was stopped. */
    private void guestEnded(Guest g, String reason) {
        guestsEnded++;
        if (trace.on) {
            trace.begin(now(), "vm_end").field("vm", g.vm);
            if (reason != null) {
                trace.field("reason", reason);
            }
            trace.end();
        }
    }

    // --- VDM side -------------------------------------------------------------------------------------

    /** Why a request for {@code dev} cannot be served at all, or null. */
    String refusal(int dev) {
        if (removedDevices.get(dev)) {
            return "device removed";
        }
        if (fabric.device(dev) == null) {
            return "no such device '" + deviceName(dev) + "'";
        }
        if (fabric.compatiblePrrs(dev).length == 0) {
            return "device '" + deviceName(dev) + "' fits no PRR";
        }
        return null;
    }

    void failed(Req r, String reason) {
        announce(r); // a request that fails before the VMM decoded its trap (its device or VM removed) is told first
        end(r);
        r.guest.failedRequests++;
        live.remove(r.id);
        fabric.withdraw(r.id);
        stats.failed(reason);
        if (trace.on) {
            trace.begin(now(), "failed").field("vm", r.guest.vm).field("dev", r.dev).field("req", r.id)
                    .field("reason", reason).end();
        }
    }

    /** Writes the request's {@code request} trace line, once. */
    private void announce(Req r) {
        if (r.announced) {
            return;
        }
        r.announced = true;
        if (trace.on) {
            trace.begin(now(), "request").field("vm", r.guest.vm).field("dev", r.dev).field("prio", r.guest.prio)
                    .field("req", r.id).end();
        }
    }

    private void end(Req r) {
        if (r.ended) {
            throw new IllegalStateException("request " + r.id + " ended twice");
        }
        r.ended = true;
        live.remove(r.id);
    }

    void traceSolution(Req r, Solution s) {
        if (trace.on) {
            trace.begin(now(), "solution").field("vm", r.guest.vm).field("dev", r.dev).field("req", r.id)
                    .field("solution", s.kind().name().toLowerCase(java.util.Locale.ROOT)).field("prr", s.prr()).field("reconfig", s.reconfig())
                    .field("policy", fabric.policyName()).end();
        }
    }

    void traceQueued(Req r) {
        if (trace.on) {
            trace.begin(now(), "queued").field("vm", r.guest.vm).field("dev", r.dev).field("req", r.id)
                    .field("waiting", fabric.searchingList().size()).end();
        }
    }

    void traceIpc(Guest g, String message, long req) {
        if (trace.on) {
            trace.begin(now(), "ipc").field("vm", g.vm).field("msg", message);
            if (req >= 0) {
                trace.field("req", req);
            }
            trace.end();
        }
    }

    /** Step (1): the PRR leaves the IF that had it; that VM's page becomes read-only. */
    void disconnect(int prr, Req r) {
        int old = fabric.disconnect(prr);
        if (old >= 0) {
            Guest owner = guestOfIf(old);
            int dev = fabric.interfaceDevice(old);
            owner.pageTable.protect(deviceVa(dev), PageTable.READ_ONLY);
            if (trace.on) {
                trace.begin(now(), "disconnect").field("vm", owner.vm).field("dev", dev).field("prr", prr).field("req", r.id).end();
            }
        }
    }

    /** Step (2): the PRR is connected to the requester's IF; its page becomes read-write. */
    void connect(int prr, Req r) {
        int lost = fabric.connect(prr, r.ifId, r.guest.prio);
        if (lost >= 0) {
            throw new IllegalStateException("PRR " + prr + " was still connected to IF " + lost);
        }
        r.guest.pageTable.protect(deviceVa(r.dev), PageTable.READ_WRITE);
        if (trace.on) {
            trace.begin(now(), "connect").field("vm", r.guest.vm).field("dev", r.dev).field("prr", prr).field("req", r.id).end();
        }
    }

    void startReconfiguration(int prr, Req r) {
        if (fabric.connectedInterface(prr) >= 0) {
            disconnect(prr, r);
        }
        long t = fabric.reconfigure(prr, r.dev, r.id);
        r.rcfgStartNs = now();
        stats.reconfigurations++;
        if (trace.on) {
            trace.begin(now(), "reconfig_start").field("dev", r.dev).field("prr", prr).field("req", r.id)
                    .field("device", deviceName(r.dev)).field("t_rcfg_ns", t).end();
        }
    }

    void startPreemption(int prr, Req r) {
        int victimIf = fabric.connectedInterface(prr);
        Guest victim = guestOfIf(victimIf);
        int dev = fabric.interfaceDevice(victimIf);
        victim.pageTable.protect(deviceVa(dev), PageTable.READ_ONLY);
        long t = fabric.preempt(prr, r.id);
        r.preemptStartNs = now();
        stats.preemptions++;
        if (trace.on) {
            trace.begin(now(), "preempt_start").field("vm", victim.vm).field("dev", dev).field("prr", prr).field("req", r.id)
                    .field("prio", fabric.prr(prr).jobPrio()).field("t_preempt_ns", t).end();
        }
    }

    // --- live changes, on the kernel thread ------------------------------------------------------------

    /**
     * Installs (or, for a known name, updates) a device while the platform runs: a new device page is
     * mapped read-only at its address in every VM.
     */
    int installDevice(String name, Accelerator acc) {
        return installDevice(name, acc, null);
    }

    /** The same, naming the bundle the device comes from ({@code "name version"}, or null) in the trace. */
    int installDevice(String name, Accelerator acc, String bundle) {
        Integer known = deviceIds.get(name);
        boolean update = known != null && fabric.device(known) != null;
        int dev = known != null ? known : slot(name);
        removedDevices.clear(dev);
        fabric.installDevice(dev, acc);
        if (trace.on) {
            Trace line = trace.begin(now(), update ? "device_updated" : "device_added").field("dev", dev).field("device", name)
                    .field("version", acc.info().version()).field("addr", "0x" + Long.toHexString(deviceVa(dev)));
            if (bundle != null) {
                line.field("bundle", bundle);
            }
            line.end();
        }
        return dev;
    }

    /** Removes a device: its jobs stop, its PRRs empty, its open requests fail with reason "device removed". */
    void removeDevice(String name) {
        Integer dev = deviceIds.get(name);
        if (dev == null || fabric.device(dev) == null) {
            return;
        }
        removedDevices.set(dev);
        fabric.removeDevice(dev);
        for (Req r : live.inIdOrder()) {
            if (r.dev == dev && !r.software) {
                failNow(r, "device removed");
            }
        }
        if (trace.on) {
            trace.begin(now(), "device_removed").field("dev", (long) dev).field("device", name).end();
        }
    }

    /** Fails an open request from outside the VDM's flow: the VDM tells its VM. */
    private void failNow(Req r, String reason) {
        failed(r, reason);
        cpu.post(vdm.failure(r, reason), null);
    }

    int addPrr(PrrSpec spec) {
        int index = fabric.addPrr(spec);
        if (trace.on) {
            trace.begin(now(), "prr_added").field("prr", index).field("id", spec.id()).field("class", spec.prrClass()).end();
        }
        return index;
    }

    /** Retires a PRR; a running job is stopped, saved and resumed elsewhere later. */
    boolean removePrr(String id) {
        int index = fabric.prrIndex(id);
        if (index < 0) {
            return false;
        }
        fabric.retirePrr(index);
        if (trace.on) {
            trace.begin(now(), "prr_removed").field("prr", index).field("id", id).end();
        }
        return true;
    }

    /** Removes a VM: its open requests fail, its jobs stop, its IFs let go of their PRRs. */
    boolean removeGuest(int vm) {
        Guest g = guestByVm.remove(vm);
        if (g == null) {
            return false;
        }
        g.remove();
        cpu.remove(g);
        guests.remove(g);
        for (Req r : live.inIdOrder()) {
            if (r.guest == g) {
                failed(r, "VM removed");
                cpu.post(vdm.failure(r, "VM removed"), null);
            }
        }
        for (int dev = 0; dev < deviceNames.size(); dev++) {
            int ifId = g.interfaceOf(dev);
            guestByIf[ifId] = null;
            boolean hadJob = fabric.jobProgress(ifId) != null;
            fabric.abortJob(ifId);
            if (hadJob && fabric.jobProgress(ifId) == null) {
                jobAborted(ifId, "VM removed"); // a job stopping on its PRR ends when the stop does: "job abandoned"
            }
            int prr = fabric.connectedPrr(ifId);
            if (prr >= 0 && fabric.state(prr) != org.kerone.fpga.PrrState.STOPPING) {
                fabric.disconnect(prr);
            }
        }
        if (trace.on) {
            trace.begin(now(), "vm_removed").field("vm", vm).end();
        }
        return true;
    }

    void selectPolicy(String name, AllocationPolicy policy) {
        fabric.setPolicy(name, policy);
        if (trace.on) {
            trace.begin(now(), "policy").field("policy", fabric.policyName()).end();
        }
    }

    void profile(CostProfile profile) {
        this.costs = profile;
        cpu.switchCost(profile.cost(Primitive.VM_SWITCH));
        fabric.configure(profile.fabric);
    }

    /** Forces a reconfiguration of an idle PRR (dfx-mgr's "load"). */
    void load(String device, String prrId) {
        Integer dev = deviceIds.get(device);
        if (dev == null || fabric.device(dev) == null) {
            throw new IllegalArgumentException("no device '" + device + "'");
        }
        int prr = fabric.prrIndex(prrId);
        if (prr < 0) {
            throw new IllegalArgumentException("no PRR '" + prrId + "'");
        }
        if (!fabric.fits(dev, prr)) {
            throw new IllegalArgumentException("device '" + device + "' does not fit " + prrId + " (class "
                    + fabric.prrSpec(prr).prrClass() + ")");
        }
        org.kerone.fpga.PrrState st = fabric.state(prr);
        if (fabric.prr(prr).reserved() || (st != org.kerone.fpga.PrrState.IDLE && st != org.kerone.fpga.PrrState.EMPTY
                && st != org.kerone.fpga.PrrState.HOLD)) {
            throw new IllegalStateException(prrId + " is " + st.label() + (fabric.prr(prr).reserved() ? " and reserved" : "")
                    + ": only an idle or empty PRR can be loaded");
        }
        if (fabric.connectedInterface(prr) >= 0) {
            int old = fabric.disconnect(prr);
            disconnected(prr, old);
        }
        long t = fabric.reconfigure(prr, dev, -1);
        stats.reconfigurations++;
        if (trace.on) {
            trace.begin(now(), "reconfig_start").field("dev", dev).field("prr", prr).field("req", -1).field("device", device)
                    .field("t_rcfg_ns", t).end();
        }
    }

    /** Empties an idle PRR (dfx-mgr's "remove"). */
    void unload(String prrId) {
        int prr = fabric.prrIndex(prrId);
        if (prr < 0) {
            throw new IllegalArgumentException("no PRR '" + prrId + "'");
        }
        org.kerone.fpga.PrrState st = fabric.state(prr);
        if (fabric.prr(prr).reserved() || (st != org.kerone.fpga.PrrState.IDLE && st != org.kerone.fpga.PrrState.EMPTY
                && st != org.kerone.fpga.PrrState.HOLD)) {
            throw new IllegalStateException(prrId + " is " + st.label() + (fabric.prr(prr).reserved() ? " and reserved" : "")
                    + ": only an idle PRR can be emptied");
        }
        int old = fabric.clear(prr);
        if (old >= 0) {
            disconnected(prr, old);
        }
        if (trace.on) {
            trace.begin(now(), "unload").field("prr", prr).end();
        }
    }

    List<String> deviceNames() {
        return deviceNames;
    }

    boolean deviceRemoved(String name) {
        Integer dev = deviceIds.get(name);
        return dev != null && removedDevices.get(dev);
    }

    // --- FabricHost: the fabric's time base and interrupt lines ----------------------------------------

    @Override
    public long nowNs() {
        return kernel.now();
    }

    @Override
    public void after(long delayNs, Runnable action) {
        kernel.after(delayNs, action);
    }

    @Override
    public long schedule(long delayNs, Runnable action) {
        return kernel.after(delayNs, action);
    }

    @Override
    public void cancel(long token) {
        kernel.cancel(token);
    }

    @Override
    public void reconfigured(int prr, long reqId) {
        Req r = live.get(reqId);
        if (trace.on) {
            trace.begin(now(), "reconfig_done").field("dev", fabric.prr(prr).device()).field("prr", prr).field("req", reqId).end();
        }
        if (r == null) {
            fabric.unreserve(prr);
            return;
        }
        r.rcfgNs += now() - r.rcfgStartNs;
        irq(vdm.reconfigured(r, prr), r);
    }

    @Override
    public void reconfigurationFailed(int prr, long reqId, String reason) {
        Req r = live.get(reqId);
        if (trace.on) {
            trace.begin(now(), "reconfig_failed").field("prr", prr).field("req", reqId).field("reason", reason).end();
        }
        if (r != null) {
            r.reservedPrr = -1;
        }
        fabric.unreserve(prr);
        if (r != null) {
            irq(vdm.failure(r, "reconfiguration failed: " + reason), null);
        }
    }

    @Override
    public void stopping(int prr, int victimIf, long tPreemptNs) {
        if (trace.on) {
            trace.begin(now(), "preempt_start").field("vm", fabric.interfaceVm(victimIf)).field("dev", fabric.interfaceDevice(victimIf))
                    .field("prr", prr).field("req", -1).field("prio", fabric.prr(prr).jobPrio()).field("t_preempt_ns", tPreemptNs).end();
        }
    }

    @Override
    public void disconnected(int prr, int ifId) {
        Guest owner = guestOfIf(ifId);
        int dev = fabric.interfaceDevice(ifId);
        if (owner != null) {
            owner.pageTable.protect(deviceVa(dev), PageTable.READ_ONLY);
        }
        if (trace.on) {
            trace.begin(now(), "disconnect").field("vm", fabric.interfaceVm(ifId)).field("dev", dev).field("prr", prr)
                    .field("req", -1).end();
        }
    }

    @Override
    public void jobAborted(int ifId, String reason) {
        Guest g = guestOfIf(ifId);
        stats.jobsAborted++;
        if (trace.on) {
            trace.begin(now(), "job_aborted").field("vm", fabric.interfaceVm(ifId)).field("dev", fabric.interfaceDevice(ifId))
                    .field("reason", reason).end();
        }
        if (g != null) {
            cpu.hyp(costs.cost(Primitive.IRQ), () -> {
                if (!g.removed()) {
                    traceIpc(g, "error", -1);
                    g.failed();
                }
            });
        }
    }

    @Override
    public void stopped(int prr, long reqId, int victimIf) {
        Req r = reqId >= 0 ? live.get(reqId) : null;
        if (trace.on) {
            long[] progress = victimIf >= 0 ? fabric.jobProgress(victimIf) : null;
            trace.begin(now(), "preempt_done").field("vm", victimIf >= 0 ? fabric.interfaceVm(victimIf) : -1).field("prr", prr)
                    .field("req", reqId).field("saved_units", progress == null ? -1 : progress[0]).end();
        }
        if (r != null) {
            r.preemptNs += now() - r.preemptStartNs;
        } else if (reqId >= 0) {
            fabric.unreserve(prr);
        }
        if (victimIf >= 0 && trace.on) {
            trace.begin(now(), "disconnect").field("vm", fabric.interfaceVm(victimIf)).field("dev", fabric.interfaceDevice(victimIf))
                    .field("prr", prr).field("req", reqId).end();
        }
        irq(vdm.stopped(r, prr, victimIf), r);
    }

    @Override
    public void jobDone(int ifId) {
        Guest g = guestOfIf(ifId);
        stats.jobs++;
        if (g == null) {
            return;
        }
        g.jobs++;
        if (trace.on) {
            trace.begin(now(), "job_done").field("vm", g.vm).field("dev", g.dev);
            crc(g);
            jobOutcome(g);
            trace.end();
        }
        Hyp done = hyp(HypAction.JOB_DONE, null);
        done.guest = g;
        cpu.hyp(done, costs.cost(Primitive.IRQ), null);
    }

    @Override
    public void solutionFound(Request request, Solution solution) {
        Req r = live.get(request.id());
        r.queueNs += now() - r.queuedAtNs;
        if (trace.on) {
            trace.begin(now(), "pushed").field("vm", r.guest.vm).field("dev", r.dev).field("req", r.id)
                    .field("solution", solution.kind().name().toLowerCase(java.util.Locale.ROOT)).field("prr", solution.prr())
                    .field("reconfig", solution.reconfig()).field("queue_ns", now() - r.queuedAtNs).end();
        }
        irq(vdm.pushed(r, solution), r);
    }

    @Override
    public void policyRefused(String policy, Request request, String reason) {
        stats.policyRefusals++;
        if (trace.on) {
            trace.begin(now(), "policy_refused").field("req", request.id()).field("policy", policy).field("reason", reason).end();
        }
    }

    /** A fabric interrupt: delivered through the VMM to the VDM's domain. */
    private void irq(Cpu.Work vdmMessage, Req waiter) {
        forward(Primitive.IRQ, vdmMessage, waiter, waiter);
    }

    /** Hypervisor work of cost {@code p} that posts {@code vdmMessage} to the VDM on behalf of {@code waiter}. */
    private void forward(Primitive p, Cpu.Work vdmMessage, Req waiter, Req hypWaiter) {
        Hyp h = hyp(HypAction.FORWARD, waiter);
        h.message = vdmMessage;
        cpu.hyp(h, costs.cost(p), hypWaiter);
    }

    /** What the VMM's own work on the CPU does. */
    private enum HypAction {
        /** The trap is decoded: the request exists (traced). */
        TRAP,
        /** A message goes to the VDM's mailbox (the IPC after a trap, a fabric interrupt). */
        FORWARD,
        /** The accelerator-done interrupt reaches its guest. */
        JOB_DONE
    }

    /** The VMM's work for a trap or an interrupt; reused once it ran. */
    private final class Hyp extends Cpu.Work {
        HypAction action;
        Req r;
        Guest guest;
        Cpu.Work message;
        private Hyp nextFree;

        @Override
        void run() {
            HypAction a = action;
            Req req = r;
            Guest g = guest;
            Cpu.Work m = message;
            r = null;
            guest = null;
            message = null;
            nextFree = freeHyp;
            freeHyp = this;
            switch (a) {
                case TRAP -> announce(req);
                case FORWARD -> cpu.post(m, req);
                case JOB_DONE -> g.jobDone();
            }
        }
    }

    private Hyp freeHyp;

    private Hyp hyp(HypAction action, Req r) {
        Hyp h = freeHyp;
        if (h == null) {
            h = new Hyp();
        } else {
            freeHyp = h.nextFree;
            h.nextFree = null;
        }
        h.action = action;
        h.r = r;
        return h;
    }

    /** Requests by id that are still open. */
    OpenRequests live() {
        return live;
    }

    SortedMap<String, Integer> deviceTable() {
        TreeMap<String, Integer> m = new TreeMap<>();
        for (int i = 0; i < deviceNames.size(); i++) {
            m.put(deviceNames.get(i), i);
        }
        return m;
    }
}
