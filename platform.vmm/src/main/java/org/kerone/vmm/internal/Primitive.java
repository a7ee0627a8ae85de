package org.kerone.vmm.internal;

/**
 * The primitive operations the allocation path executes on the CPU. Their costs come from a
 * {@link CostProfile}; a path's latency is the sum of the primitives it really executes.
 */
enum Primitive {
    /** Data-abort entry, decode of the faulting IF-window address into (vm, dev), the VM blocked. */
    TRAP("trap_ns"),
    /** One IPC message: copy into the channel and inject the virtual IRQ. */
    IPC("ipc_ns"),
    /** Switch of the CPU between two domains (guest, VDM, idle). */
    VM_SWITCH("vm_switch_ns"),
    /** VDM bookkeeping for a new request: dequeue, validate, dispatch on the answer. */
    VDM_REQUEST("vdm_request_ns"),
    /** VDM bookkeeping for a completion interrupt or a pushed solution. */
    VDM_COMPLETE("vdm_complete_ns"),
    /** VDM bookkeeping when a finished preemption chains into a reconfiguration (victim record, PRR retargeted). */
    VDM_CHAIN("vdm_chain_ns"),
    /** One PRR Monitor transaction over AXI: request/answer, switch or stop command. */
    MONITOR("monitor_ns"),
    /** One page-table entry update with its TLB maintenance. */
    PAGE_TABLE("page_table_ns"),
    /** Delivery of a fabric interrupt through the GIC to the VMM and on to its domain. */
    IRQ("irq_ns"),
    /** CPU work to start a PCAP transfer (DevC DMA programming, bitstream lookup). */
    PCAP_START("pcap_start_ns");

    final String key;

    Primitive(String key) {
        this.key = key;
    }
}
