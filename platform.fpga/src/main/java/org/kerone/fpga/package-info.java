/**
 * Hardware abstraction of the Zynq-7000 partial-reconfiguration fabric as the Ker-ONE VMM sees it:
 * partial-reconfiguration regions (PRRs), PR interfaces (IFs), the PRR Monitor with its searching
 * list, the reconfiguration port and the interrupts the fabric raises. The simulated fabric is one
 * provider of {@link org.kerone.fpga.FabricFactory}; a real Zynq backend would be a sibling.
 */
@Export
@Version("1.1.0")
package org.kerone.fpga;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
