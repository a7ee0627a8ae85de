package org.kerone.fpga.internal;

/**
 * PRRs ordered by the time they last changed, then by index: an intrusive doubly linked list whose
 * nodes belong to the PRRs, so that adding and removing allocate nothing. A PRR is added when it
 * becomes idle, nearly always at the latest time, so an insertion walks back from the tail over
 * the few entries of the same or a later time.
 */
final class AgeList {
    /** A PRR's place in one list. */
    static final class Node {
        final Prr prr;
        Node prev;
        Node next;
        long age;
        boolean linked;

        Node(Prr prr) {
            this.prr = prr;
        }

        private boolean after(Node other) {
            return age > other.age || (age == other.age && prr.index > other.prr.index);
        }
    }

    private Node head;
    private Node tail;

    Node first() {
        return head;
    }

    void add(Node n, long age) {
        n.age = age;
        Node before = tail;
        while (before != null && before.after(n)) {
            before = before.prev;
        }
        n.prev = before;
        n.next = before == null ? head : before.next;
        if (n.next != null) {
            n.next.prev = n;
        } else {
            tail = n;
        }
        if (before != null) {
            before.next = n;
        } else {
            head = n;
        }
        n.linked = true;
    }

    void remove(Node n) {
        if (!n.linked) {
            return;
        }
        if (n.prev != null) {
            n.prev.next = n.next;
        } else {
            head = n.next;
        }
        if (n.next != null) {
            n.next.prev = n.prev;
        } else {
            tail = n.prev;
        }
        n.prev = null;
        n.next = null;
        n.linked = false;
    }
}
