package org.kerone.vmm.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks a configuration's keys against the ones its metatype declares. */
final class ConfigKeys {
    /**
     * Whether a configuration component's deactivation reason ({@code ComponentConstants}) says that the
     * live platform goes with it: 2 its reference (the platform's Topology service) went, 5 disposed, 6
     * its bundle stopped. The others (4 configuration deleted, 1 disabled, ...) take its PRR or VM away.
     */
    static boolean platformGoes(int reason) {
        return reason == 2 || reason == 5 || reason == 6;
    }

    private ConfigKeys() {
    }

    /** The first key that is neither declared nor standard (service.*, component.*, felix.fileinstall.*, .private), or null. */
    static String unknown(Map<String, ?> properties, Set<String> declared) {
        for (String key : new TreeSet<>(properties.keySet())) {
            if (declared.contains(key) || key.startsWith("service.") || key.startsWith("component.")
                    || key.startsWith("felix.fileinstall.") || key.startsWith(".") || key.startsWith("osgi.ds.")
                    || key.endsWith(".target")) {
                continue;
            }
            return key;
        }
        return null;
    }

    /**
     * An integer key's value, read through {@code value} (the component's configuration type): SCR's
     * conversion of a value that is not a number throws a ComponentException (of a
     * NumberFormatException); this names the key and the value instead.
     */
    static int integer(Map<String, ?> properties, String key, java.util.function.IntSupplier value) {
        try {
            return value.getAsInt();
        } catch (RuntimeException e) {
            Object given = properties.get(key);
            String text = given == null ? "" : given.toString().trim();
            String problem = !text.matches("[-+]?[0-9]+") ? "is not a whole number"
                    : text.startsWith("-") ? "is too small (at least " + Integer.MIN_VALUE + ")"
                    : "is too large (at most " + Integer.MAX_VALUE + ")";
            throw new IllegalArgumentException(key + " '" + given + "' " + problem);
        }
    }

    static String pid(Map<String, ?> properties) {
        Object pid = properties.get("service.pid");
        return pid == null ? "(no pid)" : pid.toString();
    }
}
