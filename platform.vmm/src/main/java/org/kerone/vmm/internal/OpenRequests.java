package org.kerone.vmm.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The VMM's open requests by id: an open-addressing table (linear probing, deletion by
 * backward shift) keyed by the request id itself, so that looking a request up on every interrupt
 * neither boxes its id nor allocates.
 */
final class OpenRequests {
    private Req[] table = new Req[16];
    private int size;

    int size() {
        return size;
    }

    boolean containsKey(long id) {
        return get(id) != null;
    }

    /** The open request {@code id}, or null. */
    Req get(long id) {
        Req[] t = table;
        int mask = t.length - 1;
        for (int i = slot(id, mask); ; i = (i + 1) & mask) {
            Req r = t[i];
            if (r == null || r.id == id) {
                return r;
            }
        }
    }

    /** Adds a request; its id must not be open already. */
    void add(Req r) {
        if (2 * (size + 1) > table.length) {
            grow();
        }
        insert(table, r);
        size++;
    }

    /** Removes request {@code id}; returns whether it was open. */
    boolean remove(long id) {
        Req[] t = table;
        int mask = t.length - 1;
        int i = slot(id, mask);
        while (true) {
            Req r = t[i];
            if (r == null) {
                return false;
            }
            if (r.id == id) {
                break;
            }
            i = (i + 1) & mask;
        }
        // shift back the entries of the run after i whose home slot does not lie in (i, j]
        int hole = i;
        for (int j = (hole + 1) & mask; t[j] != null; j = (j + 1) & mask) {
            int home = slot(t[j].id, mask);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                t[hole] = t[j];
                hole = j;
            }
        }
        t[hole] = null;
        size--;
        return true;
    }

    /** The open requests, oldest first. */
    List<Req> inIdOrder() {
        List<Req> out = new ArrayList<>(size);
        for (Req r : table) {
            if (r != null) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingLong(r -> r.id));
        return out;
    }

    private void grow() {
        Req[] old = table;
        Req[] t = new Req[old.length * 2];
        for (Req r : old) {
            if (r != null) {
                insert(t, r);
            }
        }
        table = t;
    }

    private static void insert(Req[] t, Req r) {
        int mask = t.length - 1;
        int i = slot(r.id, mask);
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = r;
    }

    private static int slot(long id, int mask) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }
}
