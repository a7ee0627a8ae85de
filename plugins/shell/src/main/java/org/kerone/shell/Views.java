package org.kerone.shell;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.kerone.vmm.DeviceStatus;
import org.kerone.vmm.PlatformStatus;
import org.kerone.vmm.PlatformStatus.PrrStatus;
import org.kerone.vmm.PlatformStatus.VmStatus;
import org.kerone.vmm.WaitingRequest;

/** Turns snapshots of the live platform into the text the shell commands print. */
final class Views {
    /** The policy the PRR Monitor falls back to; always selectable. */
    static final String BUILTIN = "builtin";

    private Views() {
    }

    /** PRRs and VMs: what each PRR holds, whom it serves, and how far each VM got. */
    static String status(PlatformStatus status) {
        return status(status, status.speed());
    }

    /** As {@link #status(PlatformStatus)}, saying so when the speed {@code achieved} falls short of the one set. */
    static String status(PlatformStatus status, double achieved) {
        StringBuilder out = new StringBuilder();
        out.append("virtual time ").append(time(status.nowNs())).append(", speed ").append(speed(status.speed()))
                .append(shortfall(status.speed(), achieved)).append(", policy ").append(status.policy()).append('\n');
        out.append('\n');
        if (status.prrs().isEmpty()) {
            out.append("no PRR (each comes from a kerone.prr configuration)\n");
        } else {
            Table prrs = new Table("PRR", "CLASS", "STATE", "LOADED", "CONNECTED", "READY", "JOB", "PROGRESS", "RESERVED");
            for (PrrStatus p : status.prrs()) {
                prrs.row(p.id(), p.prrClass(), p.state(), loaded(p), vm(p.connectedVm()), ready(p) ? "yes" : "no",
                        vm(p.jobVm()), progress(p), p.reserved() ? "yes" : "no");
            }
            out.append(prrs);
            out.append("LOADED: the device's bitstream is in the PRR; READY: also connected to a VM's interface"
                    + " and idle or on hold, so that VM's next job starts at once.\n");
        }
        out.append('\n');
        if (status.vms().isEmpty()) {
            out.append("no VM (each comes from a kerone.vm configuration)\n");
        } else {
            Table vms = new Table("VM", ">PRIO", "STATE", ">REQUESTS", ">SERVED", ">FAILED", ">JOBS");
            for (VmStatus v : status.vms()) {
                vms.row(v.id(), v.priority(), v.state(), v.requests(), v.served(), v.failed(), v.jobs());
            }
            out.append(vms);
        }
        return out.toString();
    }

    /** The virtual devices, where each is loaded, and which are gone. */
    static String devices(List<DeviceStatus> devices) {
        if (devices.isEmpty()) {
            return "no device (each comes from an accelerator bundle)\n";
        }
        Table table = new Table("DEVICE", "VERSION", ">DEV", "ADDRESS", "FITS", "LOADED IN", "STATE");
        for (DeviceStatus d : devices) {
            table.row(d.name(), d.version(), d.dev(), String.format(Locale.ROOT, "0x%08x", d.address()), list(d.fits()),
                    list(d.loadedIn()), state(d));
        }
        return table.toString();
    }

    /** A device without an accelerator that was never removed is one a VM's program names and no bundle provides. */
    private static String state(DeviceStatus d) {
        return d.removed() ? "removed" : d.version() == null ? "not installed" : "installed";
    }

    /** The PRR Monitor's searching list, oldest first. */
    static String requests(List<WaitingRequest> waiting) {
        if (waiting.isEmpty()) {
            return "searching list empty: no request waits for a PRR\n";
        }
        Table table = new Table(">REQ", ">VM", "DEVICE", ">PRIO", ">WAITING");
        for (WaitingRequest r : waiting) {
            table.row(r.id(), r.vm(), r.device(), r.prio(), time(r.waitingNs()));
        }
        return table.toString();
    }

    /** The deciding policy and the ones that can be selected. */
    static String policy(String current, List<String> bound) {
        TreeSet<String> available = new TreeSet<>(bound);
        available.add(BUILTIN);
        return "policy " + current + "\navailable: " + String.join(", ", available) + "\n";
    }

    /** Trace events, one JSON object a line. */
    static String trace(List<String> events) {
        if (events.isEmpty()) {
            return "no trace event kept (configuration kerone.platform, key trace.keep)\n";
        }
        StringBuilder out = new StringBuilder();
        events.forEach(e -> out.append(e.stripTrailing()).append('\n'));
        return out.toString();
    }

    /** A virtual time with the largest unit that keeps it at or above 1: {@code 229.637 ms}. */
    static String time(long ns) {
        if (ns < 1_000) {
            return ns + " ns";
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, "%.3f us", ns / 1e3);
        }
        if (ns < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }

    /** A speed factor without trailing zeros: {@code 100x}, {@code 0.5x}. */
    static String speed(double factor) {
        return BigDecimal.valueOf(factor).stripTrailingZeros().toPlainString() + "x";
    }

    /**
     * Nothing when the platform runs at the speed set (within 10 %), else how fast it does run:
     * {@code " (running at 31x: this machine cannot keep up)"}.
     */
    static String shortfall(double set, double achieved) {
        String running = running(set, achieved);
        return running == null ? "" : " (" + running + ")";
    }

    /** Null when the platform runs at the speed set (within 10 %), else {@code "running at 31x: this machine cannot keep up"}. */
    static String running(double set, double achieved) {
        if (!(achieved < 0.9 * set)) {
            return null;
        }
        BigDecimal rounded = BigDecimal.valueOf(achieved).round(new java.math.MathContext(2));
        return "running at " + rounded.stripTrailingZeros().toPlainString() + "x: this machine cannot keep up";
    }

    private static String loaded(PrrStatus p) {
        if (p.device() == null) {
            return null;
        }
        return p.version() == null ? p.device() : p.device() + " " + p.version();
    }

    /** Connected to a VM's interface and able to take its next job at once. */
    static boolean ready(PrrStatus p) {
        return p.connectedVm() >= 0 && ("idle".equals(p.state()) || "hold".equals(p.state()));
    }

    private static String progress(PrrStatus p) {
        if (p.unitsTotal() <= 0) {
            return null;
        }
        return p.unitsDone() + "/" + p.unitsTotal() + " " + (100 * p.unitsDone() / p.unitsTotal()) + "%";
    }

    private static String vm(int vm) {
        return vm < 0 ? null : "vm " + vm;
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? null : String.join(",", items);
    }
}
