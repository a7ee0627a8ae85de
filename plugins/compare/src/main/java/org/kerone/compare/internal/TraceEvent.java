package org.kerone.compare.internal;

/**
 * One trace event, as far as the comparison reads it: the fields it needs, reset before each line.
 * Absent numbers are {@link #NONE}; an absent {@code deadline_met} is {@code null}.
 */
final class TraceEvent {
    static final long NONE = Long.MIN_VALUE;

    long t;
    String ev;
    long vm;
    long dev;
    long prr;
    long prio;
    long job;
    long responseNs;
    long deadlineNs;
    Boolean deadlineMet;
    boolean software;
    String device;
    String reason;

    void reset() {
        t = NONE;
        ev = null;
        vm = NONE;
        dev = NONE;
        prr = NONE;
        prio = NONE;
        job = NONE;
        responseNs = NONE;
        deadlineNs = NONE;
        deadlineMet = null;
        software = false;
        device = null;
        reason = null;
    }
}
