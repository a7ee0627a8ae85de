package org.kerone.vmm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.kerone.fpga.FabricConfig;
import org.kerone.vmm.ScenarioException;

/**
 * A named cost profile: the cost of each {@link Primitive} and the fabric's timing, read from data
 * (a JSON file shipped with the bundle or given by the user).
 */
final class CostProfile {
    static final String DEFAULT = "zynq7000";
    private static final List<String> BUILT_IN = List.of("zynq7000");
    /**
     * The most a primitive or the fixed part of T_RCFG may cost: a second, far above any real cost, and
     * far enough below {@link org.kerone.vmm.Scenario#MAX_TIME_NS} that sums of them never overflow virtual time.
     */
    static final long MAX_COST_NS = 1_000_000_000L;

    final String name;
    private final long[] costs;
    final FabricConfig fabric;

    private CostProfile(String name, long[] costs, FabricConfig fabric) {
        this.name = name;
        this.costs = costs;
        this.fabric = fabric;
    }

    long cost(Primitive p) {
        return costs[p.ordinal()];
    }

    Map<Primitive, Long> costs() {
        Map<Primitive, Long> m = new EnumMap<>(Primitive.class);
        for (Primitive p : Primitive.values()) {
            m.put(p, costs[p.ordinal()]);
        }
        return m;
    }

    /** A built-in profile by name, or a profile file by path; {@code origin} names the option or file that asked for it. */
    static CostProfile load(String nameOrFile, String origin) throws ScenarioException {
        if (BUILT_IN.contains(nameOrFile)) {
            try (InputStream in = CostProfile.class.getResourceAsStream("profiles/" + nameOrFile + ".json")) {
                return parse("profile " + nameOrFile, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("built-in profile " + nameOrFile + " is unreadable", e);
            }
        }
        Path file = Path.of(nameOrFile);
        if (nameOrFile.endsWith(".json") && Files.isRegularFile(file)) {
            try {
                return parse(file.toString(), Files.readString(file));
            } catch (IOException e) {
                throw new ScenarioException(file.toString(), "(file)", "cannot read: " + e.getMessage());
            }
        }
        if (nameOrFile.endsWith(".json")) {
            String why = Files.isDirectory(file) ? "is a directory" : "no such file";
            throw new ScenarioException(origin, "profile", "profile file '" + nameOrFile + "': " + why
                    + " (relative paths are taken from the working directory " + Path.of("").toAbsolutePath() + ")");
        }
        throw new ScenarioException(origin, "profile", "unknown profile '" + nameOrFile + "' (built-in: "
                + String.join(", ", BUILT_IN) + "; or the path of a .json profile file)");
    }

    static CostProfile parse(String source, String text) throws ScenarioException {
        JsonTree.Node root = JsonTree.parse(source, text);
        root.onlyKeys("name", "description", "primitives", "fabric");
        String name = root.require("name").text();
        JsonTree.Node prims = root.require("primitives");
        List<String> keys = new ArrayList<>();
        for (Primitive p : Primitive.values()) {
            keys.add(p.key);
        }
        prims.onlyKeys(keys.toArray(String[]::new));
        long[] costs = new long[Primitive.values().length];
        for (Primitive p : Primitive.values()) {
            costs[p.ordinal()] = cost(prims.require(p.key));
        }
        JsonTree.Node f = root.require("fabric");
        f.onlyKeys("clock_hz", "pcap_bytes_per_s", "pcap_setup_ns", "context_bytes_per_s");
        FabricConfig fabric = new FabricConfig(positive(f.require("clock_hz")), positive(f.require("pcap_bytes_per_s")),
                cost(f.require("pcap_setup_ns")), positive(f.require("context_bytes_per_s")));
        return new CostProfile(name, costs, fabric);
    }

    private static long nonNegative(JsonTree.Node n) throws ScenarioException {
        long v = n.integer();
        if (v < 0) {
            throw n.error("must not be negative, got " + v);
        }
        return v;
    }

    private static long cost(JsonTree.Node n) throws ScenarioException {
        long v = nonNegative(n);
        if (v > MAX_COST_NS) {
            throw n.error("must be at most " + MAX_COST_NS + " ns (1 s), got " + v);
        }
        return v;
    }

    private static long positive(JsonTree.Node n) throws ScenarioException {
        long v = n.integer();
        if (v <= 0) {
            throw n.error("must be positive, got " + v);
        }
        return v;
    }
}
