/**
 * The VMM platform's API: load a scenario, run it in the discrete-event VMM with the Virtual Device
 * Manager, and read its summary.
 */
@Export
@Version("1.2.0")
package org.kerone.vmm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
