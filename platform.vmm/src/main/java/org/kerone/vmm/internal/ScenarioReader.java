package org.kerone.vmm.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kerone.fpga.PrrSpec;
import org.kerone.fpga.Resources;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.ScenarioException;
import org.kerone.vmm.Step;
import org.kerone.vmm.VmSpec;
import org.kerone.vmm.Workload;

/**
 * Reads a scenario document and checks it completely before anything runs: every message names
 * the source, the place (path, line, column) and the problem.
 */
final class ScenarioReader {
    private static final Pattern TIME = Pattern.compile("\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*(ns|us|ms|s)\\s*");
    private static final Map<String, Resources> CLASS_RESOURCES = Map.of(
            "small", new Resources(4_400, 8_800, 10, 20),
            "large", new Resources(8_800, 17_600, 20, 40));

    private ScenarioReader() {
    }

    /**
     * Parses and validates. {@code devices} are the accelerators present, by name: a program may
     * name a device that is absent (its requests then fail at run time), but a present device must
     * fit some PRR and accept the input sizes the program gives it.
     */
    static Scenario read(String source, String text, Map<String, Accelerator> devices) throws ScenarioException {
        JsonTree.Node root = JsonTree.parse(source, text);
        root.onlyKeys("name", "description", "seed", "profile", "policy", "quantum", "horizon", "prrs", "vms");
        String name = root.get("name") == null ? source : root.get("name").text();
        long seed = root.get("seed") == null ? 1 : root.get("seed").integer();
        String profile = root.get("profile") == null ? CostProfile.DEFAULT : root.get("profile").text();
        String policy = root.get("policy") == null ? "priority" : root.get("policy").text();
        long quantum = root.get("quantum") == null ? 1_000_000 : time(root.get("quantum"));
        if (quantum <= 0) {
            throw root.get("quantum").error("the quantum must be positive");
        }
        long horizon = root.get("horizon") == null ? 0 : time(root.get("horizon"));
        if (root.get("horizon") != null && horizon == 0) {
            // 0 is how a scenario without a horizon is stored: a given 0 would silently mean "no horizon"
            throw root.get("horizon").error("the horizon must be positive (leave it out for none)");
        }

        List<PrrSpec> prrs = new ArrayList<>();
        Set<String> prrIds = new HashSet<>();
        JsonTree.Node prrNodes = root.require("prrs");
        for (JsonTree.Node n : prrNodes.array()) {
            n.onlyKeys("id", "class", "resources");
            String id = n.require("id").text();
            if (!isPrrName(id)) {
                throw n.require("id").error("'" + id + "' is not a PRR name (1 to 32 letters, digits, '_', '.' or '-')");
            }
            if (!prrIds.add(id)) {
                throw n.require("id").error("duplicate PRR id '" + id + "'");
            }
            String cls = n.require("class").text();
            if (cls.isBlank()) {
                throw n.require("class").error("the class is empty (a size class: small, large, ...)");
            }
            Resources res = n.get("resources") == null ? CLASS_RESOURCES.getOrDefault(cls, new Resources(0, 0, 0, 0))
                    : resources(n.get("resources"));
            prrs.add(new PrrSpec(id, cls, res));
        }
        if (prrs.isEmpty()) {
            throw prrNodes.error("a scenario needs at least one PRR");
        }

        List<VmSpec> vms = new ArrayList<>();
        Set<Long> vmIds = new HashSet<>();
        JsonTree.Node vmNodes = root.require("vms");
        for (JsonTree.Node n : vmNodes.array()) {
            n.onlyKeys("id", "priority", "program", "workload", "repeat", "start");
            JsonTree.Node idNode = n.require("id");
            long id = idNode.integer();
            if (id < 1 || id > VmSpec.MAX_ID) {
                throw idNode.error("VM id " + id + " out of range 1.." + VmSpec.MAX_ID);
            }
            if (!vmIds.add(id)) {
                throw idNode.error("duplicate VM id " + id);
            }
            JsonTree.Node prioNode = n.require("priority");
            long prio = prioNode.integer();
            if (prio < VmSpec.MIN_PRIORITY || prio > VmSpec.MAX_PRIORITY) {
                throw prioNode.error("priority " + prio + " out of range " + VmSpec.MIN_PRIORITY + ".." + VmSpec.MAX_PRIORITY);
            }
            JsonTree.Node progNode = n.get("program");
            JsonTree.Node workNode = n.get("workload");
            if (progNode != null && workNode != null) {
                throw workNode.error("VM " + id + " has both a program and a workload");
            }
            Workload workload = null;
            List<Step> steps = new ArrayList<>();
            if (workNode != null) {
                workload = workload(workNode, devices, prrs, profile, root);
                if (workload.jobs() == 0 && horizon == 0) {
                    throw workNode.error("a workload without 'jobs' runs until the horizon, but the scenario sets no 'horizon'");
                }
            } else {
                if (progNode == null || progNode.array().isEmpty()) {
                    throw n.error("VM " + id + " has no program");
                }
                for (JsonTree.Node s : progNode.array()) {
                    steps.add(step(s, devices, prrs));
                }
            }
            long repeat = n.get("repeat") == null ? 1 : n.get("repeat").integer();
            if (repeat < 0 || repeat > Integer.MAX_VALUE) {
                throw n.get("repeat").error("repeat must be 0 (until the horizon) or a positive count, got " + repeat);
            }
            if (repeat == 0 && horizon == 0 && workload == null) {
                throw n.get("repeat").error("repeat 0 runs until the horizon, but the scenario sets no 'horizon'");
            }
            long start = n.get("start") == null ? 0 : time(n.get("start"));
            vms.add(new VmSpec((int) id, (int) prio, steps, (int) repeat, start, workload));
        }
        if (vms.isEmpty()) {
            throw vmNodes.error("a scenario needs at least one VM");
        }
        return new Scenario(name, source, seed, profile, policy, quantum, horizon, prrs, vms);
    }

    /** A workload: arrivals, device mix, sizes, deadline; every device present, fitting, fast enough for the deadline. */
    private static Workload workload(JsonTree.Node n, Map<String, Accelerator> devices, List<PrrSpec> prrs, String profile,
            JsonTree.Node root) throws ScenarioException {
        n.onlyKeys("arrival", "rate", "period", "devices", "bytes", "deadline", "compute", "jobs");
        JsonTree.Node arrival = n.require("arrival");
        boolean poisson = switch (arrival.text()) {
            case "poisson" -> true;
            case "periodic" -> false;
            default -> throw arrival.error("arrival must be 'poisson' or 'periodic', not '" + arrival.text() + "'");
        };
        long gap;
        if (n.get("rate") != null && n.get("period") != null) {
            throw n.get("period").error("give either 'rate' or 'period', not both");
        } else if (n.get("rate") != null) {
            JsonTree.Node rate = n.get("rate");
            double perSecond = rate.value instanceof Number num ? num.doubleValue() : Double.NaN;
            if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
                throw rate.error("the arrival rate must be a positive number of jobs per second, got " + rate.kind());
            }
            gap = Math.max(1, Math.round(1e9 / perSecond));
        } else if (n.get("period") != null) {
            gap = time(n.get("period"));
            if (gap <= 0) {
                throw n.get("period").error("the period must be positive");
            }
        } else {
            throw n.error("a workload needs a 'rate' (jobs per second) or a 'period'");
        }
        JsonTree.Node devNode = n.require("devices");
        Map<String, Integer> weights = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonTree.Node> e : devNode.object().entrySet()) {
            long w = e.getValue().integer();
            if (w <= 0 || w > 1_000_000) {
                throw e.getValue().error("the weight of '" + e.getKey() + "' must be 1..1000000, got " + w);
            }
            if (!devices.containsKey(e.getKey())) {
                throw e.getValue().error("unknown device '" + e.getKey() + "' (installed: " + String.join(", ", devices.keySet()) + ")");
            }
            weights.put(e.getKey(), (int) w);
        }
        if (weights.isEmpty()) {
            throw devNode.error("a workload needs at least one device");
        }
        Workload.Sizes sizes = sizes(n.require("bytes"));
        long deadline = n.get("deadline") == null ? 0 : time(n.get("deadline"));
        long compute = n.get("compute") == null ? 0 : time(n.get("compute"));
        long jobs = n.get("jobs") == null ? 0 : n.get("jobs").integer();
        if (jobs < 0 || jobs > Integer.MAX_VALUE) {
            throw n.get("jobs").error("jobs must be 0 (until the horizon) or a positive count, got " + jobs);
        }
        // the fabric's clock times the best cases; a profile that does not load is reported where it is used
        org.kerone.fpga.FabricConfig clock = deadline > 0 ? CostProfile.load(profile, root.source).fabric : clockOrNull(profile, root.source);
        long fastestJob = Long.MAX_VALUE;
        String fastest = null;
        for (String name : weights.keySet()) {
            Accelerator acc = devices.get(name);
            int smallest = acc.acceptedLength(sizes.min());
            String problem = Validation.deviceProblem(acc, smallest, prrs);
            if (problem != null) {
                throw devNode.get(name).error(problem);
            }
            long best = clock == null ? Long.MAX_VALUE : compute + Validation.bestCaseNs(acc, smallest, clock);
            if (best < fastestJob) {
                fastestJob = best;
                fastest = "'" + name + "' on " + smallest + " bytes";
            }
            if (deadline > 0) {
                if (deadline < best) {
                    throw n.get("deadline").error("deadline " + deadline + " ns is shorter than the best case of '" + name + "' ("
                            + best + " ns for " + smallest + " bytes, without reconfiguration)");
                }
            }
        }
        if (fastest != null && gap < fastestJob) {
            // the guest serves its jobs one after the other: arrivals faster than its fastest job pile up for good
            JsonTree.Node given = n.get("rate") != null ? n.get("rate") : n.get("period");
            throw given.error("jobs arriving " + (poisson ? "on average " : "") + "every " + gap + " ns outpace the fastest"
                    + " this VM can serve one (" + fastestJob + " ns: " + fastest + " without reconfiguration"
                    + (compute > 0 ? ", after its compute" : "") + "): its backlog would grow without bound");
        }
        return new Workload(poisson, gap, weights, sizes, deadline, compute, (int) jobs);
    }

    private static org.kerone.fpga.FabricConfig clockOrNull(String profile, String source) {
        try {
            return CostProfile.load(profile, source).fabric;
        } catch (ScenarioException | RuntimeException e) {
            return null;
        }
    }

    private static Workload.Sizes sizes(JsonTree.Node n) throws ScenarioException {
        if (n.value instanceof Long fixed) {
            if (fixed < 0 || fixed > 64L << 20) {
                throw n.error("bytes must be between 0 and 64 MiB, got " + fixed);
            }
            return new Workload.Sizes("fixed", fixed.intValue(), fixed.intValue());
        }
        n.onlyKeys("dist", "min", "max", "mean");
        String dist = n.require("dist").text();
        try {
            return switch (dist) {
                case "uniform" -> new Workload.Sizes("uniform", (int) bytes(n.require("min")), (int) bytes(n.require("max")));
                case "exponential" -> new Workload.Sizes("exponential", (int) bytes(n.require("mean")),
                        n.get("max") == null ? 64 << 20 : (int) bytes(n.get("max")));
                default -> throw n.require("dist").error("dist must be 'uniform' or 'exponential' (or give bytes as a number)");
            };
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static long bytes(JsonTree.Node n) throws ScenarioException {
        long v = n.integer();
        if (v < 0 || v > 64L << 20) {
            throw n.error("bytes must be between 0 and 64 MiB, got " + v);
        }
        return v;
    }

    private static Resources resources(JsonTree.Node n) throws ScenarioException {
        n.onlyKeys("lut", "ff", "bram", "dsp");
        long[] v = new long[4];
        String[] keys = {"lut", "ff", "bram", "dsp"};
        for (int i = 0; i < 4; i++) {
            JsonTree.Node k = n.get(keys[i]);
            v[i] = k == null ? 0 : k.integer();
            if (v[i] < 0 || v[i] > Integer.MAX_VALUE) {
                throw k.error(keys[i] + " out of range: " + v[i]);
            }
        }
        return new Resources((int) v[0], (int) v[1], (int) v[2], (int) v[3]);
    }

    private static Step step(JsonTree.Node s, Map<String, Accelerator> devices, List<PrrSpec> prrs) throws ScenarioException {
        Map<String, JsonTree.Node> fields = s.object();
        if (fields.containsKey("compute")) {
            s.onlyKeys("compute");
            return new Step.Compute(time(s.get("compute")));
        }
        if (fields.containsKey("use")) {
            s.onlyKeys("use", "bytes", "deadline");
            String device = s.get("use").text();
            JsonTree.Node bytesNode = s.require("bytes");
            long bytes = bytesNode.integer();
            if (bytes < 0 || bytes > 64L << 20) {
                throw bytesNode.error("bytes must be between 0 and 64 MiB, got " + bytes);
            }
            long deadline = s.get("deadline") == null ? 0 : time(s.get("deadline"));
            Accelerator acc = devices.get(device);
            if (acc != null) {
                String problem = Validation.deviceProblem(acc, (int) bytes, prrs);
                if (problem != null) {
                    throw s.get("use").error(problem);
                }
            }
            return new Step.Use(device, (int) bytes, deadline);
        }
        throw s.error("a program step is {\"compute\": TIME} or {\"use\": DEVICE, \"bytes\": N}; found keys " + fields.keySet());
    }

    private static final Pattern PRR_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    /** Whether {@code id} names a PRR: 1 to 32 letters, digits, '_', '.' or '-' (scenario files and live configurations alike). */
    static boolean isPrrName(String id) {
        return id != null && PRR_NAME.matcher(id).matches();
    }

    /** A time: an integer of nanoseconds or a string with unit ns, us, ms or s ("250us", "1.5ms"). */
    static long time(JsonTree.Node n) throws ScenarioException {
        long ns;
        if (n.value instanceof Long l) {
            ns = l;
        } else if (n.value instanceof String s) {
            Matcher m = TIME.matcher(s);
            if (!m.matches()) {
                throw n.error("'" + s + "' is not a time (an integer of ns, or a number with unit ns, us, ms or s)");
            }
            BigDecimal scale = switch (m.group(2)) {
                case "ns" -> BigDecimal.ONE;
                case "us" -> BigDecimal.valueOf(1_000);
                case "ms" -> BigDecimal.valueOf(1_000_000);
                default -> BigDecimal.valueOf(1_000_000_000);
            };
            BigDecimal value = new BigDecimal(m.group(1)).multiply(scale);
            if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw n.error("time '" + s + "' is too large");
            }
            if (value.stripTrailingZeros().scale() > 0) {
                throw n.error("time '" + s + "' is not a whole number of nanoseconds");
            }
            ns = value.longValue();
        } else {
            throw n.error("expected a time, found " + n.kind());
        }
        if (ns < 0) {
            throw n.error("negative time " + ns + " ns");
        }
        if (ns > Scenario.MAX_TIME_NS) {
            throw n.error("time " + ns + " ns is longer than the " + Scenario.MAX_TIME_NS + " ns (about 146 years) a scenario may name");
        }
        return ns;
    }
}
