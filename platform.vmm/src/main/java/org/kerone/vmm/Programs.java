package org.kerone.vmm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guest program as one line of text, for configuration: steps separated by {@code ;}, each
 * {@code compute TIME} or {@code use DEVICE BYTES [deadline TIME]}; TIME is nanoseconds or a
 * number with unit ns, us, ms or s. Example: {@code compute 300us; use aes128 65536; compute 1ms}.
 */
public final class Programs {
    private static final Pattern COMPUTE = Pattern.compile("compute\\s+(\\S+)");
    private static final Pattern USE = Pattern.compile("use\\s+([a-z][a-z0-9_]*)\\s+([0-9]+)(?:\\s+deadline\\s+(\\S+))?");
    private static final Pattern TIME = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s)?");

    private Programs() {
    }

    /**
     * Parses a program.
     *
     * @throws IllegalArgumentException naming the step (1-based) and the problem
     */
    public static List<Step> parse(String text) {
        List<Step> steps = new ArrayList<>();
        String[] parts = text.split(";");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim().toLowerCase(Locale.ROOT);
            if (part.isEmpty()) {
                continue;
            }
            Matcher c = COMPUTE.matcher(part);
            Matcher u = USE.matcher(part);
            try {
                if (c.matches()) {
                    steps.add(new Step.Compute(time(c.group(1))));
                } else if (u.matches()) {
                    long bytes = Long.parseLong(u.group(2));
                    if (bytes > 64L << 20) {
                        throw new IllegalArgumentException("bytes must be at most 64 MiB");
                    }
                    steps.add(new Step.Use(u.group(1), (int) bytes, u.group(3) == null ? 0 : time(u.group(3))));
                } else {
                    throw new IllegalArgumentException("expected 'compute TIME' or 'use DEVICE BYTES [deadline TIME]'");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("step " + (i + 1) + " '" + parts[i].trim() + "': " + e.getMessage(), e);
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("the program has no step");
        }
        return steps;
    }

    /** The text of a program; {@code parse(format(p))} equals {@code p}. */
    public static String format(List<Step> steps) {
        StringBuilder b = new StringBuilder();
        for (Step s : steps) {
            if (b.length() > 0) {
                b.append("; ");
            }
            if (s instanceof Step.Compute c) {
                b.append("compute ").append(c.ns()).append("ns");
            } else if (s instanceof Step.Use u) {
                b.append("use ").append(u.device()).append(' ').append(u.bytes());
                if (u.deadlineNs() > 0) {
                    b.append(" deadline ").append(u.deadlineNs()).append("ns");
                }
            }
        }
        return b.toString();
    }

    /** A time, exactly: nanoseconds, or a decimal number with a unit. */
    private static long time(String text) {
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a time");
        }
        java.math.BigDecimal scale = java.math.BigDecimal.valueOf(switch (m.group(2) == null ? "ns" : m.group(2)) {
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            default -> 1L;
        });
        java.math.BigDecimal ns = new java.math.BigDecimal(m.group(1)).multiply(scale);
        if (ns.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of nanoseconds");
        }
        if (ns.compareTo(java.math.BigDecimal.valueOf(Scenario.MAX_TIME_NS)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is longer than the " + Scenario.MAX_TIME_NS
                    + " ns (about 146 years) a program may name");
        }
        return ns.longValueExact();
    }
}
