package org.kerone.fpga.internal;

/** A PR interface: the static logic behind one virtual device of one VM, and the context of its stopped job. */
final class Iface {
    final int id;
    final int vm;
    final int dev;
    /** PRR connected through the switch, or -1. */
    int prr = -1;
    /** The job started through this IF, running, stopping or suspended; null when none. */
    Job job;

    Iface(int id, int vm, int dev) {
        this.id = id;
        this.vm = vm;
        this.dev = dev;
    }
}
