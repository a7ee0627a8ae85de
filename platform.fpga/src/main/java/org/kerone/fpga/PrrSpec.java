package org.kerone.fpga;

import java.util.Objects;

/**
 * Static description of one partial-reconfiguration region.
 *
 * @param id name of the region, unique in a fabric ("prr0")
 * @param prrClass size class; an accelerator has one partial bitstream per class it fits
 * @param resources what the region offers
 */
public record PrrSpec(String id, String prrClass, Resources resources) {
    public PrrSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prrClass, "prrClass");
        Objects.requireNonNull(resources, "resources");
    }
}
