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

    @Test
    void withoutLiveTheRunIsABatchRunWithTheDefaultDeployFolder() throws Exception {
        Options options = parse();

        assertThat(options.live()).isFalse();
        assertThat(options.speed()).isNull();
        assertThat(options.deploy()).isEqualTo(Path.of("deploy"));
    }

    @Test
    void liveTakesSpeedDeployAndTheScenarioOptions() throws Exception {
        Options options = parse("--live", "--speed", "100", "--deploy", "/srv/kerone", "--scenario", "s.json",
                "--seed", "7", "--trace", "t.jsonl", "--profile", "zynq7000");

        assertThat(options).isEqualTo(new Options(Path.of("s.json"), 7L, Path.of("t.jsonl"), null, "zynq7000", false,
                true, 100.0, Path.of("/srv/kerone")));
    }

    @Test
    void speedIsAnyPositiveDecimalNumber() throws Exception {
        assertThat(parse("--live", "--speed", "0.5").speed()).isEqualTo(0.5);
        assertThat(parse("--live", "--speed", ".25").speed()).isEqualTo(0.25);
        assertThat(parse("--live", "--speed", "1e-3").speed()).isEqualTo(0.001);
        assertThat(parse("--live", "--speed", "1000").speed()).isEqualTo(1000.0);
    }

    @Test
    void speedZeroIsBadInput() {
        assertThatThrownBy(() -> parse("--live", "--speed", "0")).isInstanceOf(BadInputException.class)
                .hasMessage("--speed needs a positive number, not 0");
    }

    @Test
    void speedThatIsNoNumberIsBadInput() {
        for (String bad : new String[] {"abc", "NaN", "Infinity", "1e999", "0x10", "10d", "1,5", "-0"}) {
            assertThatThrownBy(() -> parse("--live", "--speed", bad)).as(bad).isInstanceOf(BadInputException.class)
                    .hasMessage("--speed needs a positive number, not " + bad);
        }
    }

    @Test
    void negativeSpeedLooksLikeAnOptionAndHasNoValue() {
        assertThatThrownBy(() -> parse("--live", "--speed", "--deploy", "d")).isInstanceOf(BadInputException.class)
                .hasMessage("option --speed needs a value");
    }

    @Test
    void speedAndDeployNeedLive() {
        assertThatThrownBy(() -> parse("--speed", "10")).isInstanceOf(BadInputException.class)
                .hasMessage("option --speed needs --live");
        assertThatThrownBy(() -> parse("--deploy", "d")).isInstanceOf(BadInputException.class)
                .hasMessage("option --deploy needs --live");
    }

    @Test
    void reportDoesNotApplyToALiveRun() {
        assertThatThrownBy(() -> parse("--live", "--report", "r.json")).isInstanceOf(BadInputException.class)
                .hasMessage("option --report does not apply to --live (a live run has no end)");
    }

    @Test
    void aTraceOrReportFileThatIsAnInputOrTheOtherOutputIsBadInput() {
        assertThatThrownBy(() -> parse("--trace", "out.json", "--report", "./out.json")).isInstanceOf(BadInputException.class)
                .hasMessage("options --trace and --report name the same file out.json");
        assertThatThrownBy(() -> parse("--scenario", "s.json", "--trace", "s.json")).isInstanceOf(BadInputException.class)
                .hasMessage("option --trace names the scenario file s.json: the run would overwrite it");
        assertThatThrownBy(() -> parse("--scenario", "dir/s.json", "--report", "dir/../dir/s.json"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("option --report names the scenario file dir/../dir/s.json: the run would overwrite it");
        assertThatThrownBy(() -> parse("--profile", "p.json", "--report", "p.json")).isInstanceOf(BadInputException.class)
                .hasMessage("option --report names the profile file p.json: the run would overwrite it");
        assertThatThrownBy(() -> parse("--live", "--scenario", "s.json", "--trace", "s.json"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("option --trace names the scenario file s.json: the run would overwrite it");
    }

    @Test
    void helpWinsOverOptionsThatDoNotGoTogether() throws Exception {
        assertThat(parse("--speed", "10", "--help").help()).isTrue();
    }

    private static Options parse(String... args) throws BadInputException {
        return Options.parse(List.of(args));
    }
}
