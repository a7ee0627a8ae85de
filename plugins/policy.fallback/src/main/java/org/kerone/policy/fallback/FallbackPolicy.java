package org.kerone.policy.fallback;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.accel.DeviceInfo;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.fpga.policy.Choices;
import org.kerone.fpga.policy.FabricView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Software fallback: decorates the configured policy so that a request it would leave waiting runs
 * on the guest's CPU instead, when the device has a software implementation.
 *
 * <p>The decorated policy is the {@link AllocationPolicy} service whose {@value AllocationPolicy#NAME}
 * is the configured {@code delegate} ("priority" unless configured, PID {@value #PID}); policies are
 * bound as they come and go, and a change of {@code delegate} takes effect at the next decision.
 * Where it answers Unavailable and {@link DeviceInfo#hasSoftware()}, the answer is
 * {@link Solution#SOFTWARE}; every other answer passes unchanged. While the named policy is absent,
 * decisions are {@link Choices#idleFirst}'s (a free PRR, never preemption) and the searching list is
 * served in the SPI's default order; otherwise in the decorated policy's order. A monitor sorts its
 * searching list when a policy is selected, so a delegate changed meanwhile orders only requests
 * queued from then on.
 */
@Component(service = AllocationPolicy.class, configurationPid = FallbackPolicy.PID,
        property = AllocationPolicy.NAME + "=" + FallbackPolicy.NAME)
@Designate(ocd = FallbackPolicy.Config.class)
public final class FallbackPolicy implements AllocationPolicy {
    static final String NAME = "fallback";
    static final String PID = "kerone.policy.fallback";

    @ObjectClassDefinition(name = "Ker-ONE software-fallback policy",
            description = "Runs a job on the guest's CPU where the decorated policy would make it wait.")
    @interface Config {
        @AttributeDefinition(description = "Name (service property kerone.policy) of the decorated policy")
        String delegate() default "priority";
    }

    private final Map<String, AllocationPolicy> policies = new ConcurrentHashMap<>();
    private volatile String delegate;

    @Activate
    public FallbackPolicy(Config config) {
        modified(config);
    }

    /** A fallback decorating the policy named {@code delegate}, for tests without configuration. */
    FallbackPolicy(String delegate) {
        this.delegate = delegate;
    }

    @Modified
    void modified(Config config) {
        delegate = config.delegate();
    }

    /** Every other policy, by name; never this one (so a fallback cannot decorate itself). */
    @Reference(name = "policies", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(!(" + AllocationPolicy.NAME + "=" + NAME + "))")
    void addPolicy(AllocationPolicy policy, Map<String, Object> properties) {
        Object name = properties.get(AllocationPolicy.NAME);
        if (name != null && policy != this) {
            policies.put(name.toString(), policy);
        }
    }

    void removePolicy(AllocationPolicy policy, Map<String, Object> properties) {
        Object name = properties.get(AllocationPolicy.NAME);
        if (name != null) {
            policies.remove(name.toString(), policy);
        }
    }

    @Override
    public Solution solve(Request request, FabricView fabric) {
        AllocationPolicy decorated = policies.get(delegate);
        Solution answer;
        if (decorated != null) {
            answer = decorated.solve(request, fabric);
        } else {
            Solution free = Choices.idleFirst(request, fabric);
            answer = free != null ? free : Solution.UNAVAILABLE;
        }
        if (answer != null && answer.kind() == Solution.Kind.UNAVAILABLE) {
            DeviceInfo info = fabric.deviceInfo(request.dev());
            if (info != null && info.hasSoftware()) {
                return Solution.SOFTWARE;
            }
        }
        return answer;
    }

    @Override
    public int compare(Request a, Request b) {
        AllocationPolicy decorated = policies.get(delegate);
        return decorated != null ? decorated.compare(a, b) : AllocationPolicy.super.compare(a, b);
    }
}
