package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.kerone.vmm.RunOptions;

/** The VMM's table of open requests behaves as a map from request id to request. */
class OpenRequestsTest {

    @Property(tries = 100)
    void behavesAsAMapByIdWhateverTheOrderOfAddsAndRemoves(@ForAll @IntRange(min = 1, max = 3_000) int operations,
            @ForAll @IntRange(min = 1, max = 200) int idSpread, @ForAll long seed) throws Exception {
        // given: requests of one guest with ids that rise, as the VMM numbers them, and are removed at random
        SimulatorComponent sim = Platforms.simulator();
        Machine m = sim.prepare(sim.parse("one", """
                {"prrs": [{"id": "p0", "class": "large"}], "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1ms"}]}]}
                """), RunOptions.DEFAULT, null);
        Guest g = m.guests.get(0);
        SplittableRandom random = new SplittableRandom(seed);
        OpenRequests table = new OpenRequests();
        TreeMap<Long, Req> expected = new TreeMap<>();
        List<Long> ids = new ArrayList<>();
        long next = 1;

        // when / then: after every operation the table agrees with the reference map
        for (int op = 0; op < operations; op++) {
            if (expected.isEmpty() || random.nextInt(3) > 0) {
                next += 1 + random.nextInt(idSpread);
                Req r = new Req(next, g, 0, 0, 0, Long.MAX_VALUE);
                table.add(r);
                expected.put(next, r);
                ids.add(next);
            } else {
                long id = random.nextBoolean() ? ids.get(random.nextInt(ids.size())) : next + 1 + random.nextInt(5);
                assertThat(table.remove(id)).isEqualTo(expected.remove(id) != null);
            }
            long probe = ids.get(random.nextInt(ids.size()));
            assertThat(table.get(probe)).isSameAs(expected.get(probe));
            assertThat(table.containsKey(probe)).isEqualTo(expected.containsKey(probe));
            assertThat(table.size()).isEqualTo(expected.size());
        }
        assertThat(table.inIdOrder()).containsExactlyElementsOf(expected.values());
        for (long id : ids) {
            assertThat(table.get(id)).isSameAs(expected.get(id));
        }
    }
}
