package org.kerone.vmm.internal;

import java.util.List;
import org.kerone.vmm.Step;

/**
 * One generated job of a workload: when it arrived, its steps (optional CPU time, then one device
 * use) and its absolute deadline.
 */
record WorkloadJob(long id, long arrivalNs, List<Step> steps, long deadlineNs) {
}
