package org.kerone.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellAndTwoBlanksApart() {
        Table table = new Table("NAME", "STATE").row("prr0", "idle").row("prr10", "reconfiguring");

        assertThat(table.toString()).isEqualTo("""
                NAME   STATE
                prr0   idle
                prr10  reconfiguring
                """);
    }

    @Test
    void aHeaderStartingWithGreaterThanIsRightAligned() {
        Table table = new Table("VM", ">JOBS").row(1, 7).row(12, 1234);

        assertThat(table.toString()).isEqualTo("""
                VM  JOBS
                1      7
                12  1234
                """);
    }

    @Test
    void nullCellsPrintAsADashAndLinesHaveNoTrailingBlanks() {
        Table table = new Table("A", "B").row("long value", null).row(null, "x");

        assertThat(table.toString()).isEqualTo("""
                A           B
                long value  -
                -           x
                """);
    }

    @Test
    void aTableWithoutRowsIsItsHeader() {
        Table table = new Table("A", ">B");

        assertThat(table.isEmpty()).isTrue();
        assertThat(table.toString()).isEqualTo("A  B\n");
    }

    @Test
    void aRowOfTheWrongWidthIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Table("A", "B").row("only one"))
                .withMessageContaining("1 cells in a table of 2 columns");
    }
}
