package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kerone.fpga.PrrSpec;
import org.kerone.vmm.VmSpec;


/**
 * The PRR and VM configuration components outside a framework: a bad value is refused with one line
 * naming the key and the value, and a bad change leaves the PRR or VM of the last good configuration
 * as it was.
 */
class ConfigurationComponentsTest {
    /** What the components asked of the platform, in order. */
    private final List<String> calls = new ArrayList<>();

    private final Topology topology = new Topology() {
        @Override
        public boolean addPrr(String pid, PrrSpec spec) {
            calls.add("addPrr " + spec.id() + " " + spec.prrClass());
            return true;
        }

        @Override
        public void removePrr(String pid) {
            calls.add("removePrr " + pid);
        }

        @Override
        public boolean addVm(String pid, VmSpec spec) {
            calls.add("addVm " + spec.id() + " prio " + spec.priority());
            return true;
        }

        @Override
        public void removeVm(String pid) {
            calls.add("removeVm " + pid);
        }

        @Override
        public String useProblem(org.kerone.vmm.Step.Use use) {
            // as the live platform: only an installed device's check, here matmul's
            return use.device().equals("matmul") ? Validation.jobProblem(new org.kerone.accelerators.matmul.MatmulAccelerator(),
                    use.bytes()) : null;
        }

        @Override
        public void selectConfiguredPolicy(String name) {
            calls.add("policy " + name);
        }

        @Override
        public void refuse(String message) {
            calls.add("refuse " + message);
        }
    };

    /** What SCR throws when it cannot convert a value (a ComponentException: not an IllegalArgumentException). */
    private static final class ScrConversionException extends RuntimeException {
        ScrConversionException(Throwable cause) {
            super(cause);
        }
    }

    /** The configuration type as SCR gives it: a string that is not a number fails when its int is read. */
    private static <T> T config(Class<T> type, Map<String, Object> properties, Map<String, Object> defaults) {
        return type.cast(java.lang.reflect.Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
                    String key = m.getName().equals("prrClass") ? "class" : m.getName();
                    Object value = properties.containsKey(key) ? properties.get(key) : defaults.get(key);
                    if (m.getReturnType() == int.class) {
                        try {
                            return Integer.parseInt(String.valueOf(value));
                        } catch (NumberFormatException e) {
                            throw new ScrConversionException(e);
                        }
                    }
                    return value == null ? null : String.valueOf(value);
                }));
    }

    private static Map<String, Object> props(String pid, Object... keyValues) {
        Map<String, Object> p = new HashMap<>();
        p.put("service.pid", pid);
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static final Map<String, Object> PRR_DEFAULTS = Map.of("class", "large", "lut", 0, "ff", 0, "bram", 0, "dsp", 0);
    private static final Map<String, Object> VM_DEFAULTS = Map.of("priority", 10, "repeat", 0, "start", "0ns");

    private PrrConfiguration prr(Map<String, Object> p) {
        return new PrrConfiguration(topology, config(PrrConfiguration.Config.class, p, PRR_DEFAULTS), p);
    }

    private void modify(PrrConfiguration c, Map<String, Object> p) {
        c.modified(config(PrrConfiguration.Config.class, p, PRR_DEFAULTS), p);
    }

    private VmConfiguration vm(Map<String, Object> p) {
        return new VmConfiguration(topology, config(VmConfiguration.Config.class, p, VM_DEFAULTS), p);
    }

    private void modify(VmConfiguration c, Map<String, Object> p) {
        c.modified(config(VmConfiguration.Config.class, p, VM_DEFAULTS), p);
    }

    @Test
    void aPrrValueThatIsNotANumberIsRefusedNamingTheKey() {
        prr(props("kerone.prr~c", "id", "prrC", "class", "small", "lut", "abc"));

        assertThat(calls).containsExactly("refuse configuration kerone.prr~c: lut 'abc' is not a whole number; PRR not added");
    }

    @Test
    void aPrrValueTooLargeForItsKeyIsRefusedAsTooLargeNotAsNotANumber() {
        prr(props("kerone.prr~c", "id", "prrC", "class", "small", "lut", "99999999999"));

        assertThat(calls).containsExactly(
                "refuse configuration kerone.prr~c: lut '99999999999' is too large (at most 2147483647); PRR not added");
    }

    @Test
    void aPrrValueTooSmallForItsKeyIsRefusedAsTooSmallNotAsTooLarge() {
        prr(props("kerone.prr~c", "id", "prrC", "class", "small", "lut", "-99999999999"));

        assertThat(calls).containsExactly(
                "refuse configuration kerone.prr~c: lut '-99999999999' is too small (at least -2147483648); PRR not added");
    }

    @Test
    void aBadChangeOfAPrrLeavesItAsItWas() {
        PrrConfiguration c = prr(props("kerone.prr~a", "id", "prrA", "class", "large"));
        modify(c, props("kerone.prr~a", "id", "prrA", "class", "large", "lut", "-1"));
        modify(c, props("kerone.prr~a", "id", "prrA", "class", "large", "dsp", "many"));
        modify(c, props("kerone.prr~a", "id", "prrA", "class", "large"));

        assertThat(calls).containsExactly("addPrr prrA large",
                "refuse configuration kerone.prr~a: resources must not be negative: -1/0/0/0; PRR 'prrA' kept as it was",
                "refuse configuration kerone.prr~a: dsp 'many' is not a whole number; PRR 'prrA' kept as it was");
    }

    @Test
    void aPrrWithoutIdOrWithAnEmptyClassIsRefused() {
        prr(props("kerone.prr~x", "class", "small"));
        prr(props("kerone.prr~y", "id", "prrY", "class", ""));

        assertThat(calls).containsExactly("refuse configuration kerone.prr~x: no id (the PRR's name); PRR not added",
                "refuse configuration kerone.prr~y: class is empty (a size class: small, large, ...); PRR not added");
    }

    @Test
    void aVmValueThatIsNotANumberIsRefusedNamingTheKey() {
        vm(props("kerone.vm~9", "id", "9", "program", "use crc32 100", "repeat", "x"));
        vm(props("kerone.vm~8", "id", "eight", "program", "use crc32 100"));

        assertThat(calls).containsExactly("refuse configuration kerone.vm~9: repeat 'x' is not a whole number; VM not added",
                "refuse configuration kerone.vm~8: id 'eight' is not a whole number; VM not added");
    }

    @Test
    void aBadChangeOfAVmLeavesItRunning() {
        VmConfiguration c = vm(props("kerone.vm~3", "id", "3", "priority", "30", "program", "use aes128 8192"));
        modify(c, props("kerone.vm~3", "id", "3", "priority", "abc", "program", "use aes128 8192"));
        modify(c, props("kerone.vm~3", "id", "3", "priority", "30", "program", "fly aes128"));

        assertThat(calls).hasSize(3).first().isEqualTo("addVm 3 prio 30");
        assertThat(calls.get(1)).isEqualTo("refuse configuration kerone.vm~3: priority 'abc' is not a whole number; VM 3 kept as it was");
        assertThat(calls.get(2)).startsWith("refuse configuration kerone.vm~3: program: step 1 'fly aes128'").endsWith("; VM 3 kept as it was");
    }

    @Test
    void theirPrrsAndVmsStayWhenTheBundleStopsAndGoWhenTheConfigurationGoes() {
        // deactivation reasons of ComponentConstants: 6 the bundle stopped, 2 the platform's service went,
        // 4 the configuration deleted
        PrrConfiguration p1 = prr(props("kerone.prr~a", "id", "prrA"));
        VmConfiguration v1 = vm(props("kerone.vm~1", "id", "1", "program", "use aes128 16"));
        p1.deactivate(6);
        v1.deactivate(2);
        PrrConfiguration p2 = prr(props("kerone.prr~b", "id", "prrB"));
        VmConfiguration v2 = vm(props("kerone.vm~2", "id", "2", "program", "use aes128 16"));
        p2.deactivate(4);
        v2.deactivate(4);

        assertThat(calls).containsExactly("addPrr prrA large", "addVm 1 prio 10", "addPrr prrB large", "addVm 2 prio 10",
                "removePrr kerone.prr~b", "removeVm kerone.vm~2");
    }
}
