package org.kerone.vmm.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A writer that hands full buffers of characters to a thread of its own, which encodes and writes
 * them: the kernel thread that produces a trace only copies characters and never waits for the
 * disk unless it is {@value #BUFFERS} buffers ahead. {@link #flush()} and {@link #close()} wait
 * until everything handed over is written; an error of the writing thread is thrown by the next
 * call.
 */
final class BackgroundWriter extends Writer {
    private static final int BUFFERS = 4;
    private static final int CHARS = 1 << 16;
    /** A buffer to write, or {@link #FLUSH} / {@link #CLOSE} with an acknowledgement. */
    private record Chunk(char[] chars, int length, boolean flush, boolean close) {
    }

    private final Writer target;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 2);
    private final BlockingQueue<char[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Object> acks = new ArrayBlockingQueue<>(1);
    private final Thread thread;
    private char[] current = new char[CHARS];
    private int used;
    private volatile IOException failure;
    private boolean closed;

    BackgroundWriter(Writer target, String name) {
        this.target = target;
        for (int i = 0; i < BUFFERS - 1; i++) {
            free.add(new char[CHARS]);
        }
        thread = new Thread(this::drain, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void drain() {
        try {
            while (true) {
                Chunk c = full.take();
                try {
                    if (failure == null && c.length > 0) {
                        target.write(c.chars, 0, c.length);
                    }
                    if (failure == null && (c.flush || c.close)) {
                        target.flush();
                    }
                    if (c.close) {
                        target.close();
                    }
                } catch (IOException e) {
                    failure = e;
                }
                if (c.chars != null) {
                    free.put(c.chars);
                }
                if (c.flush || c.close) {
                    acks.put(Boolean.TRUE);
                }
                if (c.close) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        check();
        while (len > 0) {
            int n = Math.min(len, CHARS - used);
            System.arraycopy(chars, off, current, used, n);
            used += n;
            off += n;
            len -= n;
            if (used == CHARS) {
                handOver(false, false);
            }
        }
    }

    @Override
    public Writer append(CharSequence csq) throws IOException {
        check();
        int len = csq.length();
        int i = 0;
        while (i < len) {
            int n = Math.min(len - i, CHARS - used);
            if (csq instanceof StringBuilder sb) {
                sb.getChars(i, i + n, current, used);
            } else {
                csq.toString().getChars(i, i + n, current, used);
            }
            used += n;
            i += n;
            if (used == CHARS) {
                handOver(false, false);
            }
        }
        return this;
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        append(s.substring(off, off + len));
    }

    @Override
    public void flush() throws IOException {
        check();
        handOver(true, false);
        check();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        handOver(false, true);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while closing the trace");
        }
        IOException e = failure;
        if (e != null) {
            throw e;
        }
    }

    /** Hands the current buffer over (and waits for the writing thread when flushing or closing). */
    private void handOver(boolean flush, boolean close) throws IOException {
        try {
            char[] next = flush || close ? null : free.take();
            full.put(new Chunk(current, used, flush, close));
            if (flush || close) {
                acks.take();
                next = free.take();
            }
            current = next;
            used = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing the trace");
        }
    }

    private void check() throws IOException {
        if (closed) {
            throw new IOException("trace writer closed");
        }
        IOException e = failure;
        if (e != null) {
            throw new IOException("cannot write the trace: " + e.getMessage(), e);
        }
    }
}
