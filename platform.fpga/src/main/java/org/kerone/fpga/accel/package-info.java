/**
 * The accelerator SPI: what an accelerator bundle implements so that its partial bitstreams can be
 * loaded into PRRs and its jobs run behind the standard register interface.
 */
@Export
@Version("1.1.0")
package org.kerone.fpga.accel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
