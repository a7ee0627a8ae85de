package org.kerone.compare.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.function.Consumer;

/**
 * A trace {@link Writer} that parses the JSON Lines as they are written and hands each event to a
 * listener; only the line being written is held in memory.
 */
final class TraceWriter extends Writer {
    private static final JsonFactory JSON = new JsonFactory();

    private final Consumer<TraceEvent> listener;
    private final TraceEvent event = new TraceEvent();
    private char[] line = new char[512];
    private int length;
    private long lines;

    TraceWriter(Consumer<TraceEvent> listener) {
        this.listener = listener;
    }

    /** Lines parsed so far. */
    long lines() {
        return lines;
    }

    @Override
    public void write(char[] chars, int off, int len) {
        for (int i = off; i < off + len; i++) {
            put(chars[i]);
        }
    }

    @Override
    public void write(String s, int off, int len) {
        for (int i = off; i < off + len; i++) {
            put(s.charAt(i));
        }
    }

    @Override
    public void write(String s) {
        write(s, 0, s.length());
    }

    @Override
    public void write(int c) {
        put((char) c);
    }

    @Override
    public Writer append(CharSequence csq) {
        CharSequence s = csq == null ? "null" : csq;
        for (int i = 0; i < s.length(); i++) {
            put(s.charAt(i));
        }
        return this;
    }

    @Override
    public Writer append(CharSequence csq, int start, int end) {
        return append((csq == null ? "null" : csq).subSequence(start, end));
    }

    private void put(char c) {
        if (c == '\n') {
            endLine();
            return;
        }
        if (length == line.length) {
            line = java.util.Arrays.copyOf(line, line.length * 2);
        }
        line[length++] = c;
    }

    private void endLine() {
        if (length == 0) {
            return;
        }
        lines++;
        event.reset();
        try (JsonParser p = JSON.createParser(line, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("trace line " + lines + " is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "t" -> event.t = p.getLongValue();
                    case "ev" -> event.ev = p.getText();
                    case "vm" -> event.vm = p.getLongValue();
                    case "dev" -> event.dev = p.getLongValue();
                    case "prr" -> event.prr = p.getLongValue();
                    case "prio" -> event.prio = p.getLongValue();
                    case "job" -> event.job = p.getLongValue();
                    case "response_ns" -> event.responseNs = p.getLongValue();
                    case "deadline_ns" -> event.deadlineNs = p.getLongValue();
                    case "deadline_met" -> event.deadlineMet = p.getBooleanValue();
                    case "software" -> event.software = p.getBooleanValue();
                    case "device" -> event.device = p.getText();
                    case "reason" -> event.reason = p.getText();
                    default -> {
                        if (value.isStructStart()) {
                            p.skipChildren();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("trace line " + lines + " does not parse: " + new String(line, 0, length), e);
        } finally {
            length = 0;
        }
        listener.accept(event);
    }

    @Override
    public void flush() {
        // nothing is buffered but the line being written
    }

    @Override
    public void close() {
        endLine();
    }
}
