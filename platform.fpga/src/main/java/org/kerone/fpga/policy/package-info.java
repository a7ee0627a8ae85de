/**
 * The allocation-policy SPI: the PRR Monitor delegates the choice of a {@link org.kerone.fpga.Solution}
 * and the order of its searching list to an {@link org.kerone.fpga.policy.AllocationPolicy} service.
 */
@Export
@Version("1.2.0")
package org.kerone.fpga.policy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
