package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kerone.vmm.internal.PageTable.Access;

/** One VM's page table: mapping, translation, permissions and the faults a guest access meets. */
class PageTableTest {
    private static final long VA = 0x6000_0000L;
    private static final long PA = 0x8000_3000L;

    @Test
    void translatesAMappedPageKeepingTheOffset() {
        // given
        PageTable pt = new PageTable();

        // when
        pt.map(VA, PA, PageTable.READ_WRITE);

        // then
        assertThat(pt.translate(VA)).isEqualTo(PA);
        assertThat(pt.translate(VA + 0x123)).isEqualTo(PA + 0x123);
        assertThat(pt.translate(VA + 0xfff)).isEqualTo(PA + 0xfff);
        assertThat(pt.permission(VA)).isEqualTo(PageTable.READ_WRITE);
        assertThat(pt.mappedPages()).isEqualTo(1);
    }

    @Test
    void theNeighbouringPagesStayUnmapped() {
        // given
        PageTable pt = new PageTable();

        // when
        pt.map(VA, PA, PageTable.READ_WRITE);

        // then
        assertThat(pt.translate(VA - 1)).isEqualTo(-1);
        assertThat(pt.translate(VA + 0x1000)).isEqualTo(-1);
        assertThat(pt.permission(VA + 0x1000)).isEqualTo(PageTable.NONE);
    }

    @Test
    void mapsARangeOfConsecutivePagesAcrossASectionBoundary() {
        // given: 4 pages, the last two in the next 1 MiB section
        PageTable pt = new PageTable();
        long va = 0x000F_E000L;

        // when
        pt.mapRange(va, 0x0010_0000L, 4, PageTable.READ_ONLY);

        // then
        assertThat(pt.mappedPages()).isEqualTo(4);
        assertThat(pt.translate(va + 0x3004)).isEqualTo(0x0010_3004L);
        assertThat(pt.translate(va + 0x4000)).isEqualTo(-1);
    }

    @Test
    void remappingAPageReplacesItWithoutCountingItTwice() {
        // given
        PageTable pt = new PageTable();
        pt.map(VA, PA, PageTable.READ_ONLY);

        // when
        pt.map(VA, 0x9000_0000L, PageTable.READ_WRITE);

        // then
        assertThat(pt.mappedPages()).isEqualTo(1);
        assertThat(pt.translate(VA)).isEqualTo(0x9000_0000L);
        assertThat(pt.permission(VA)).isEqualTo(PageTable.READ_WRITE);
    }

    @Test
    void readAndWriteOfAReadWritePageAreAllowed() {
        // given
        PageTable pt = new PageTable();
        pt.map(VA, PA, PageTable.READ_WRITE);

        // when / then
        assertThat(pt.access(VA + 8, false)).isEqualTo(Access.OK);
        assertThat(pt.access(VA + 8, true)).isEqualTo(Access.OK);
    }

    @Test
    void writeToAReadOnlyPageIsAPermissionFaultButReadIsAllowed() {
        // given
        PageTable pt = new PageTable();
        pt.map(VA, PA, PageTable.READ_ONLY);

        // when / then
        assertThat(pt.access(VA, true)).isEqualTo(Access.PERMISSION_FAULT);
        assertThat(pt.access(VA, false)).isEqualTo(Access.OK);
    }

    @Test
    void protectTurnsReadOnlyIntoReadWriteAndBackKeepingTheTranslation() {
        // given
        PageTable pt = new PageTable();
        pt.map(VA, PA, PageTable.READ_ONLY);

        // when
        pt.protect(VA, PageTable.READ_WRITE);

        // then
        assertThat(pt.access(VA, true)).isEqualTo(Access.OK);
        assertThat(pt.translate(VA)).isEqualTo(PA);

        // when
        pt.protect(VA, PageTable.READ_ONLY);

        // then
        assertThat(pt.access(VA, true)).isEqualTo(Access.PERMISSION_FAULT);
        assertThat(pt.permission(VA)).isEqualTo(PageTable.READ_ONLY);
        assertThat(pt.translate(VA)).isEqualTo(PA);
        assertThat(pt.mappedPages()).isEqualTo(1);
    }

    @Test
    void protectOfAnUnmappedPageIsRefused() {
        // given
        PageTable pt = new PageTable();

        // when / then
        assertThatThrownBy(() -> pt.protect(VA, PageTable.READ_WRITE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("0x60000000")
                .hasMessageContaining("not mapped");
    }

    @Test
    void accessOutsideAnyMappingIsATranslationFault() {
        // given
        PageTable pt = new PageTable();
        pt.map(VA, PA, PageTable.READ_WRITE);

        // when / then
        assertThat(pt.access(0x1000, false)).isEqualTo(Access.TRANSLATION_FAULT);
        assertThat(pt.access(0x1000, true)).isEqualTo(Access.TRANSLATION_FAULT);
        assertThat(pt.access(VA + 0x1000, true)).isEqualTo(Access.TRANSLATION_FAULT);
    }

    @Test
    void accessBeyondTheThirtyTwoBitSpaceIsATranslationFaultEvenWhenItsLowBitsAreMapped() {
        // given: page 0x1000 mapped; 0x1_0000_1000 has the same low 32 bits
        PageTable pt = new PageTable();
        pt.map(0x1000, PA, PageTable.READ_WRITE);

        // when / then
        assertThat(pt.access(0x1_0000_1000L, true)).isEqualTo(Access.TRANSLATION_FAULT);
        assertThat(pt.access(-0x1000L, false)).isEqualTo(Access.TRANSLATION_FAULT);
        assertThat(pt.translate(0x1_0000_1000L)).isEqualTo(-1);
    }

    @Test
    void unmapRemovesTheTranslation() {
        // given
        PageTable pt = new PageTable();
        pt.map(VA, PA, PageTable.READ_WRITE);

        // when
        pt.unmap(VA);

        // then
        assertThat(pt.translate(VA)).isEqualTo(-1);
        assertThat(pt.access(VA, false)).isEqualTo(Access.TRANSLATION_FAULT);
        assertThat(pt.permission(VA)).isEqualTo(PageTable.NONE);
        assertThat(pt.mappedPages()).isZero();
    }

    @Test
    void unmapOfAnUnmappedPageChangesNothing() {
        // given
        PageTable pt = new PageTable();
        pt.map(VA, PA, PageTable.READ_WRITE);

        // when
        pt.unmap(VA + 0x1000);
        pt.unmap(0x0);

        // then
        assertThat(pt.mappedPages()).isEqualTo(1);
        assertThat(pt.translate(VA)).isEqualTo(PA);
    }

    @ParameterizedTest
    @ValueSource(longs = {0x1_0000_1000L, 0x1000_0000_1000L})
    void unmapBeyondTheThirtyTwoBitSpaceIsRefusedAndLeavesTheAliasedPageMapped(long va) {
        // given: page 0x1000 mapped; va has the same low 32 bits (0x1000_0000_1000 also the same 32-bit page number)
        PageTable pt = new PageTable();
        pt.map(0x1000, PA, PageTable.READ_WRITE);

        // when / then: refused like map refuses it, neither crashing nor silently applied to page 0x1000
        assertThatThrownBy(() -> pt.unmap(va)).isInstanceOf(IllegalArgumentException.class);
        assertThat(pt.translate(0x1000)).isEqualTo(PA);
        assertThat(pt.mappedPages()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(longs = {0x6000_0001L, 0x6000_0800L, 0x6000_0fffL, 0x1_0000_0000L, 0x7fff_ffff_f000L, -0x1000L})
    void mapRefusesAVirtualAddressThatIsUnalignedOrBeyondThirtyTwoBits(long va) {
        // given
        PageTable pt = new PageTable();

        // when / then
        assertThatThrownBy(() -> pt.map(va, PA, PageTable.READ_WRITE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a page-aligned 32-bit address");
        assertThat(pt.mappedPages()).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {0x8000_0004L, 0x1_0000_0000L, -0x1000L})
    void mapRefusesAPhysicalAddressThatIsUnalignedOrBeyondThirtyTwoBits(long pa) {
        // given
        PageTable pt = new PageTable();

        // when / then
        assertThatThrownBy(() -> pt.map(VA, pa, PageTable.READ_WRITE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a page-aligned 32-bit address");
        assertThat(pt.translate(VA)).isEqualTo(-1);
    }

    @Test
    void theHighestPageOfTheThirtyTwoBitSpaceCanBeMapped() {
        // given
        PageTable pt = new PageTable();

        // when
        pt.map(0xFFFF_F000L, 0xFFFF_F000L, PageTable.READ_WRITE);

        // then
        assertThat(pt.translate(0xFFFF_FFFFL)).isEqualTo(0xFFFF_FFFFL);
        assertThat(pt.access(0xFFFF_FFFCL, true)).isEqualTo(Access.OK);
    }

    @Test
    void twoPageTablesAreIsolated() {
        // given: the same virtual address in two VMs
        PageTable vm1 = new PageTable();
        PageTable vm2 = new PageTable();
        vm1.map(VA, 0x8000_0000L, PageTable.READ_ONLY);
        vm2.map(VA, 0x8000_1000L, PageTable.READ_ONLY);

        // when
        vm1.protect(VA, PageTable.READ_WRITE);
        vm2.unmap(VA + 0x1000);

        // then
        assertThat(vm1.translate(VA)).isEqualTo(0x8000_0000L);
        assertThat(vm2.translate(VA)).isEqualTo(0x8000_1000L);
        assertThat(vm1.access(VA, true)).isEqualTo(Access.OK);
        assertThat(vm2.access(VA, true)).isEqualTo(Access.PERMISSION_FAULT);

        // when
        vm2.unmap(VA);

        // then
        assertThat(vm1.translate(VA)).isEqualTo(0x8000_0000L);
        assertThat(vm2.access(VA, false)).isEqualTo(Access.TRANSLATION_FAULT);
    }
}
