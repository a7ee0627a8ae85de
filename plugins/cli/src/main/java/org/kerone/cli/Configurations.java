package org.kerone.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kerone.fpga.PrrSpec;
import org.kerone.vmm.Platform;
import org.kerone.vmm.Programs;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.VmSpec;

/**
 * The Config Admin configurations of the live platform that a scenario and the command line stand
 * for, and what a deploy folder already configures.
 */
final class Configurations {
    /** FileInstall's ManagedServiceFactory: one directory watcher per factory configuration. */
    static final String FILEINSTALL_FACTORY_PID = "org.apache.felix.fileinstall";
    /** Milliseconds between two scans of the deploy folder. */
    static final int POLL_MS = 100;
    /** FileInstall log level: 1 errors, 2 warnings, 3 info, 4 debug. */
    static final int FILEINSTALL_LOG_LEVEL = 2;

    private static final Pattern TOPOLOGY_FILE = Pattern.compile(
            Pattern.quote(Platform.PRR_FACTORY_PID) + "-.+\\.(cfg|config)|" + Pattern.quote(Platform.VM_FACTORY_PID)
                    + "-.+\\.(cfg|config)");

    private Configurations() {
    }

    /** {@value Platform#PID}: timing and pacing from the scenario, speed and trace from the command line. */
    static Hashtable<String, Object> platform(Scenario scenario, Double speed, Path trace) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("profile", scenario.profile());
        p.put("quantum", scenario.quantumNs() + "ns");
        p.put("seed", scenario.seed());
        p.put("speed", speed == null ? 1.0 : speed);
        if (trace != null) {
            p.put("trace.file", trace.toAbsolutePath().normalize().toString());
        }
        return p;
    }

    /** {@value Platform#VDM_PID}: the scenario's policy. */
    static Hashtable<String, Object> vdm(Scenario scenario) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("policy", scenario.policy());
        return p;
    }

    /** One {@value Platform#PRR_FACTORY_PID} factory configuration. */
    static Hashtable<String, Object> prr(PrrSpec spec) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("id", spec.id());
        p.put("class", spec.prrClass());
        p.put("lut", spec.resources().lut());
        p.put("ff", spec.resources().ff());
        p.put("bram", spec.resources().bram());
        p.put("dsp", spec.resources().dsp());
        return p;
    }

    /** One {@value Platform#VM_FACTORY_PID} factory configuration; repeat 0 runs the program forever. */
    static Hashtable<String, Object> vm(VmSpec spec) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("id", spec.id());
        p.put("priority", spec.priority());
        p.put("program", Programs.format(spec.steps()));
        p.put("repeat", spec.repeat());
        p.put("start", spec.startNs() + "ns");
        return p;
    }

    /** A FileInstall watcher of {@code folder}: bundles are installed, .cfg and .config files go to Config Admin. */
    static Hashtable<String, Object> watcher(Path folder) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("felix.fileinstall.dir", folder.toAbsolutePath().normalize().toString());
        p.put("felix.fileinstall.poll", String.valueOf(POLL_MS));
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.log.level", String.valueOf(FILEINSTALL_LOG_LEVEL));
        return p;
    }

    /** The configuration file for {@code pid} in the folder ({@code pid.cfg} or {@code pid.config}), or null. */
    static Path fileFor(Path folder, String pid) {
        for (String ext : List.of(".cfg", ".config")) {
            Path file = folder.resolve(pid + ext);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    /** Whether the folder holds a PRR or VM factory configuration file ({@code kerone.prr-NAME.cfg}, ...). */
    static boolean hasTopologyFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(f -> TOPOLOGY_FILE.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f));
        }
    }
}
