package org.kerone.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kerone.vmm.DeviceStatus;
import org.kerone.vmm.PlatformStatus;
import org.kerone.vmm.PlatformStatus.PrrStatus;
import org.kerone.vmm.PlatformStatus.VmStatus;
import org.kerone.vmm.WaitingRequest;

class ViewsTest {

    /** Two PRRs: one running VM 3's job for VM 3, one holding sha256 for VM 1 and idle. */
    static PlatformStatus busyPlatform() {
        return new PlatformStatus(229_637_000L, 100, "priority",
                List.of(new PrrStatus("prr0", "large", "busy", "aes128", "1.0.0", 3, 3, 812, 4096, false),
                        new PrrStatus("prr1", "small", "idle", "sha256", "1.0.0", 1, -1, 0, 0, false),
                        new PrrStatus("prr2", "large", "reconfiguring", "fft", "1.0.0", -1, -1, 0, 0, true),
                        new PrrStatus("prr3", "large", "empty", null, null, -1, -1, 0, 0, false)),
                List.of(new VmStatus(1, 10, "blocked", 12, 11, 0, 11), new VmStatus(3, 30, "ready", 120, 118, 1, 117)));
    }

    @Nested
    class Status {

        @Test
        void showsEachPrrAndEachVmInAlignedColumns() {
            assertThat(Views.status(busyPlatform())).isEqualTo("""
                    virtual time 229.637 ms, speed 100x, policy priority

                    PRR   CLASS  STATE          LOADED        CONNECTED  READY  JOB   PROGRESS      RESERVED
                    prr0  large  busy           aes128 1.0.0  vm 3       no     vm 3  812/4096 19%  no
                    prr1  small  idle           sha256 1.0.0  vm 1       yes    -     -             no
                    prr2  large  reconfiguring  fft 1.0.0     -          no     -     -             yes
                    prr3  large  empty          -             -          no     -     -             no
                    LOADED: the device's bitstream is in the PRR; READY: also connected to a VM's interface\
                     and idle or on hold, so that VM's next job starts at once.

                    VM  PRIO  STATE    REQUESTS  SERVED  FAILED  JOBS
                    1     10  blocked        12      11       0    11
                    3     30  ready         120     118       1   117
                    """);
        }

        @Test
        void saysHowFastThePlatformRunsWhenItFallsShortOfItsSpeed() {
            assertThat(Views.status(busyPlatform(), 31.4159)).startsWith(
                    "virtual time 229.637 ms, speed 100x (running at 31x: this machine cannot keep up), policy priority\n");
            assertThat(Views.status(busyPlatform(), 0.0042)).contains("speed 100x (running at 0.0042x: this machine");
            // within 10 % of the speed set, or faster (catching up after a pause), nothing is said
            assertThat(Views.status(busyPlatform(), 91)).isEqualTo(Views.status(busyPlatform()));
            assertThat(Views.status(busyPlatform(), 150)).isEqualTo(Views.status(busyPlatform()));
        }

        @Test
        void aPrrHoldingADeviceNoInterfaceIsConnectedToIsLoadedButNotReady() {
            PrrStatus loaded = new PrrStatus("prr0", "large", "idle", "aes128", "1.0.0", -1, -1, 0, 0, false);

            assertThat(Views.ready(loaded)).isFalse();
            assertThat(Views.status(platformWith(loaded))).contains("prr0  large  idle   aes128 1.0.0  -          no");
        }

        @Test
        void aPrrOnHoldForItsConnectedVmIsReady() {
            assertThat(Views.ready(new PrrStatus("p", "large", "hold", "aes128", "1.0.0", 2, -1, 0, 0, false))).isTrue();
            assertThat(Views.ready(new PrrStatus("p", "large", "busy", "aes128", "1.0.0", 2, 2, 1, 9, false))).isFalse();
        }

        @Test
        void aDeviceWithoutVersionShowsItsNameOnly() {
            PrrStatus prr = new PrrStatus("prr0", "large", "idle", "aes128", null, -1, -1, 0, 0, false);

            assertThat(Views.status(platformWith(prr))).contains("prr0  large  idle   aes128  ");
        }

        @Test
        void anEmptyPlatformSaysWhereItsPrrsAndVmsComeFrom() {
            String text = Views.status(new PlatformStatus(0, 1, "builtin", List.of(), List.of()));

            assertThat(text).isEqualTo("""
                    virtual time 0 ns, speed 1x, policy builtin

                    no PRR (each comes from a kerone.prr configuration)

                    no VM (each comes from a kerone.vm configuration)
                    """);
        }

        private static PlatformStatus platformWith(PrrStatus prr) {
            return new PlatformStatus(0, 1, "priority", List.of(prr), List.of());
        }
    }

    @Test
    void devicesShowVersionAddressFitsAndWhereTheyAreLoaded() {
        List<DeviceStatus> devices = List.of(
                new DeviceStatus("aes128", "1.0.0", 0, 0x6000_0000L, List.of("large", "small"), List.of("prr0", "prr1"), false),
                new DeviceStatus("crc32", null, 1, 0x6000_1000L, List.of(), List.of(), true));

        assertThat(Views.devices(devices)).isEqualTo("""
                DEVICE  VERSION  DEV  ADDRESS     FITS         LOADED IN  STATE
                aes128  1.0.0      0  0x60000000  large,small  prr0,prr1  installed
                crc32   -          1  0x60001000  -            -          removed
                """);
    }

    @Test
    void aDeviceAProgramNamesButNoBundleProvidesIsNotInstalled() {
        // a VM's program uses sha256, no accelerator bundle provides it: its requests fail with "no such device"
        List<DeviceStatus> devices = List.of(new DeviceStatus("sha256", null, 0, 0x6000_0000L, List.of(), List.of(), false));

        assertThat(Views.devices(devices)).isEqualTo("""
                DEVICE  VERSION  DEV  ADDRESS     FITS  LOADED IN  STATE
                sha256  -          0  0x60000000  -     -          not installed
                """);
    }

    @Test
    void noDeviceSaysWhereDevicesComeFrom() {
        assertThat(Views.devices(List.of())).isEqualTo("no device (each comes from an accelerator bundle)\n");
    }

    @Test
    void requestsShowTheSearchingListInTheGivenOrder() {
        List<WaitingRequest> waiting = List.of(new WaitingRequest(7, 1, "aes128", 10, 4_170_000),
                new WaitingRequest(12, 4, "sha256", 40, 950));

        assertThat(Views.requests(waiting)).isEqualTo("""
                REQ  VM  DEVICE  PRIO   WAITING
                  7   1  aes128    10  4.170 ms
                 12   4  sha256    40    950 ns
                """);
    }

    @Test
    void anEmptySearchingListIsOneLine() {
        assertThat(Views.requests(List.of())).isEqualTo("searching list empty: no request waits for a PRR\n");
    }

    @Test
    void policyShowsTheCurrentOneAndEveryAvailableOneWithBuiltin() {
        assertThat(Views.policy("fcfs", List.of("priority", "fcfs"))).isEqualTo("""
                policy fcfs
                available: builtin, fcfs, priority
                """);
    }

    @Test
    void traceIsOneEventALine() {
        assertThat(Views.trace(List.of("{\"t\":0,\"ev\":\"vm_start\"}", "{\"t\":5,\"ev\":\"vm_end\"}\n")))
                .isEqualTo("{\"t\":0,\"ev\":\"vm_start\"}\n{\"t\":5,\"ev\":\"vm_end\"}\n");
        assertThat(Views.trace(List.of())).startsWith("no trace event kept");
    }

    @Test
    void timesUseTheLargestUnitKeepingThemAtLeastOne() {
        assertThat(Views.time(999)).isEqualTo("999 ns");
        assertThat(Views.time(3_030)).isEqualTo("3.030 us");
        assertThat(Views.time(229_637_000)).isEqualTo("229.637 ms");
        assertThat(Views.time(12_500_000_000L)).isEqualTo("12.500 s");
    }

    @Test
    void speedsHaveNoTrailingZeros() {
        assertThat(Views.speed(100.0)).isEqualTo("100x");
        assertThat(Views.speed(0.5)).isEqualTo("0.5x");
        assertThat(Views.speed(1e-3)).isEqualTo("0.001x");
    }
}
