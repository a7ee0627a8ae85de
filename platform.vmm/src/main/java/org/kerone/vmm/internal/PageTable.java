package org.kerone.vmm.internal;

/**
 * One VM's page table: a two-level table (1 MiB sections of 256 pages of 4 KiB, as on ARMv7) from
 * virtual pages to physical pages with a permission. Accesses outside the mappings are refused.
 */
final class PageTable {
    static final int PAGE_SHIFT = 12;
    static final int NONE = 0;
    static final int READ_ONLY = 1;
    static final int READ_WRITE = 2;

    /** Outcome of an access. */
    enum Access { OK, PERMISSION_FAULT, TRANSLATION_FAULT }

    /**
     * The 4096 first-level entries, kept sparse in groups of 64 allocated on first use: a VM maps
     * two sections (its RAM and the device window), so it needs two groups, not 4096 slots.
     */
    private final int[][][] groups = new int[64][][];
    private int mappedPages;

    /** Maps the 4 KiB page at {@code va} to the physical page at {@code pa}. */
    void map(long va, long pa, int perm) {
        checkPermission(perm);
        check(va);
        check(pa);
        int vpn = (int) (va >>> PAGE_SHIFT);
        int[][] group = groups[vpn >>> 14];
        if (group == null) {
            group = new int[64][];
            groups[vpn >>> 14] = group;
        }
        int[] l2 = group[(vpn >>> 8) & 63];
        if (l2 == null) {
            l2 = new int[256];
            group[(vpn >>> 8) & 63] = l2;
        }
        if (l2[vpn & 0xff] == 0) {
            mappedPages++;
        }
        l2[vpn & 0xff] = entry(pa, perm);
    }

    /** Maps {@code pages} consecutive pages. */
    void mapRange(long va, long pa, int pages, int perm) {
        for (int i = 0; i < pages; i++) {
            map(va + ((long) i << PAGE_SHIFT), pa + ((long) i << PAGE_SHIFT), perm);
        }
    }

    void unmap(long va) {
        check(va);
        int vpn = (int) (va >>> PAGE_SHIFT);
        int[] l2 = section(vpn);
        if (l2 != null && l2[vpn & 0xff] != 0) {
            l2[vpn & 0xff] = 0;
            mappedPages--;
        }
    }

    /** Changes the permission of a mapped page. */
    void protect(long va, int perm) {
        checkPermission(perm);
        int e = raw(va);
        if (e == 0) {
            throw new IllegalStateException("page 0x" + Long.toHexString(va) + " is not mapped");
        }
        int vpn = (int) (va >>> PAGE_SHIFT);
        section(vpn)[vpn & 0xff] = (e & ~3) | perm;
    }

    /** Permission of the page at {@code va}, {@link #NONE} when unmapped. */
    int permission(long va) {
        return raw(va) & 3;
    }

    /** Physical address of {@code va}, or -1 when unmapped. */
    long translate(long va) {
        int e = raw(va);
        return e == 0 ? -1 : ((long) (e >>> 2) << PAGE_SHIFT) | (va & ((1 << PAGE_SHIFT) - 1));
    }

    Access access(long va, boolean write) {
        int e = raw(va);
        if (e == 0 || (e & 3) == NONE) {
            return Access.TRANSLATION_FAULT;
        }
        return write && (e & 3) != READ_WRITE ? Access.PERMISSION_FAULT : Access.OK;
    }

    int mappedPages() {
        return mappedPages;
    }

    private int raw(long va) {
        if (va < 0 || va >= 1L << 32) {
            return 0;
        }
        int vpn = (int) (va >>> PAGE_SHIFT);
        int[] l2 = section(vpn);
        return l2 == null ? 0 : l2[vpn & 0xff];
    }

    /** The second-level table of the section holding virtual page {@code vpn}, or null. */
    private int[] section(int vpn) {
        int[][] group = groups[vpn >>> 14];
        return group == null ? null : group[(vpn >>> 8) & 63];
    }

    private static int entry(long pa, int perm) {
        return (int) ((pa >>> PAGE_SHIFT) << 2) | perm;
    }

    private static void checkPermission(int perm) {
        if (perm != NONE && perm != READ_ONLY && perm != READ_WRITE) {
            throw new IllegalArgumentException("not a permission: " + perm);
        }
    }

    private static void check(long address) {
        if (address < 0 || address >= 1L << 32 || (address & ((1 << PAGE_SHIFT) - 1)) != 0) {
            throw new IllegalArgumentException("not a page-aligned 32-bit address: 0x" + Long.toHexString(address));
        }
    }
}
