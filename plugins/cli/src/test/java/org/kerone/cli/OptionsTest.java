package org.kerone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void noArgumentsMeansDefaults() throws Exception {
        assertThat(parse()).isEqualTo(new Options(null, null, null, null, null, false));
    }

    @Test
    void everyOptionTakesTheNextArgument() throws Exception {
        Options options = parse("--scenario", "s.json", "--seed", "-42", "--trace", "t.jsonl", "--report", "r.json",
                "--profile", "zynq7000");

        assertThat(options).isEqualTo(
                new Options(Path.of("s.json"), -42L, Path.of("t.jsonl"), Path.of("r.json"), "zynq7000", false));
    }

    @Test
    void theLastOfARepeatedOptionWins() throws Exception {
        assertThat(parse("--seed", "1", "--seed", "2").seed()).isEqualTo(2L);
    }

    @Test
    void helpIsAFlag() throws Exception {
        assertThat(parse("--seed", "1", "--help").help()).isTrue();
    }

    @Test
    void unknownOptionIsBadInput() {
        assertThatThrownBy(() -> parse("--frobnicate")).isInstanceOf(BadInputException.class)
                .hasMessage("unknown option --frobnicate (try --help)");
    }

    @Test
    void positionalArgumentIsBadInput() {
        assertThatThrownBy(() -> parse("scenario.json")).isInstanceOf(BadInputException.class)
                .hasMessage("unexpected argument scenario.json (try --help)");
    }

    @Test
    void optionAtTheEndWithoutValueIsBadInput() {
        assertThatThrownBy(() -> parse("--scenario")).isInstanceOf(BadInputException.class)
                .hasMessage("option --scenario needs a value");
    }

    @Test
    void optionFollowedByAnotherOptionHasNoValue() {
        assertThatThrownBy(() -> parse("--trace", "--seed", "3")).isInstanceOf(BadInputException.class)
                .hasMessage("option --trace needs a value");
    }

    @Test
    void emptyValueIsBadInput() {
        assertThatThrownBy(() -> parse("--profile", "")).isInstanceOf(BadInputException.class)
                .hasMessage("option --profile needs a value");
    }

    @Test
    void nonNumericSeedIsBadInput() {
        assertThatThrownBy(() -> parse("--seed", "12x")).isInstanceOf(BadInputException.class)
                .hasMessage("--seed needs a whole number, not 12x");
    }

    @Test
    void seedBeyondLongIsBadInput() {
        assertThatThrownBy(() -> parse("--seed", "99999999999999999999")).isInstanceOf(BadInputException.class);
    }

    private static Options parse(String... args) throws BadInputException {
        return Options.parse(List.of(args));
    }
}
