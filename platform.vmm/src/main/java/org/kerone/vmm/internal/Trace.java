package org.kerone.vmm.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The JSON Lines trace: one object per event, fields in a fixed order starting with {@code t} and
 * {@code ev}. When no writer is attached and no recent-event buffer is kept, {@link #on} is false
 * and callers skip building events altogether.
 */
final class Trace {
    /** Receives every event as a map, in the trace's field order (live platform: Event Admin). */
    interface Sink {
        void event(String ev, java.util.Map<String, Object> fields);
    }

    final boolean on;
    private final Writer out;
    private final Sink sink;
    private java.util.Map<String, Object> fields;
    private String ev;
    private final Deque<String> recent;
    private final int keep;
    private final StringBuilder line = new StringBuilder(160);
    private long events;

    /** A trace to {@code out} (may be null), keeping the last {@code keep} lines in memory. */
    Trace(Writer out, int keep) {
        this(out, keep, null);
    }

    /** A trace to {@code out} (may be null), keeping the last {@code keep} lines, handing each event to {@code sink} (may be null). */
    Trace(Writer out, int keep, Sink sink) {
        this.out = out;
        this.keep = keep;
        this.sink = sink;
        this.recent = keep > 0 ? new ArrayDeque<>(keep) : null;
        this.on = out != null || keep > 0 || sink != null;
    }

    long events() {
        return events;
    }

    Trace begin(long t, String ev) {
        line.setLength(0);
        line.append("{\"t\":").append(t).append(",\"ev\":\"").append(ev).append('"');
        if (sink != null) {
            this.ev = ev;
            fields = new java.util.LinkedHashMap<>();
            fields.put("t", t);
        }
        return this;
    }

    Trace field(String name, long value) {
        if (sink != null) {
            fields.put(name, value);
        }
        line.append(",\"").append(name).append("\":").append(value);
        return this;
    }

    Trace field(String name, boolean value) {
        if (sink != null) {
            fields.put(name, value);
        }
        line.append(",\"").append(name).append("\":").append(value);
        return this;
    }

    Trace field(String name, String value) {
        if (sink != null) {
            fields.put(name, value);
        }
        line.append(",\"").append(name).append("\":");
        quote(line, value);
        return this;
    }

    /** Appends {@code value} as a JSON string. */
    static StringBuilder quote(StringBuilder line, String value) {
        line.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        return line.append('"');
    }

    void end() {
        line.append("}\n");
        events++;
        if (recent != null) {
            if (recent.size() == keep) {
                recent.removeFirst();
            }
            recent.addLast(line.substring(0, line.length() - 1));
        }
        if (sink != null) {
            sink.event(ev, fields);
        }
        if (out != null) {
            try {
                out.append(line);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the trace", e);
            }
        }
    }

    /** The last events kept in memory, oldest first. */
    java.util.List<String> recent() {
        return recent == null ? java.util.List.of() : java.util.List.copyOf(recent);
    }

    void flush() {
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the trace", e);
            }
        }
    }
}
