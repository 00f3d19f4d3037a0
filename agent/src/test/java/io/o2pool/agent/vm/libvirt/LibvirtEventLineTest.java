package io.o2pool.agent.vm.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.VmEventType;
import io.o2pool.agent.vm.DomainEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Lines of {@code virsh event --all --loop --timestamp} as libvirt 9.0 prints them (the recipe's transcript). */
class LibvirtEventLineTest {

    @Test
    void lifecycleLinesBecomeEventsAndTheRestIsSkipped() {
        List<String> source = List.of(
                "2026-12-04 18:23:25.937+0000: event 'lifecycle' for domain 'tiny1': Defined Added",
                "2026-12-04 18:23:26.198+0000: event 'lifecycle' for domain 'tiny1': Resumed Unpaused",
                "2026-12-04 18:23:26.199+0000: event 'lifecycle' for domain 'tiny1': Started Booted",
                "2026-12-04 18:23:42.738+0000: event 'migration-iteration' for domain 'tiny1': iteration: '1'",
                "2026-12-04 18:23:42.850+0000: event 'lifecycle' for domain 'tiny1': Suspended Migrated",
                "2026-12-04 18:23:43.264+0000: event 'lifecycle' for domain 'tiny1': Stopped Migrated",
                "2026-12-04 18:23:43.264+0000: event 'job-completed' for domain 'tiny1':",
                "    downtime: 199",
                "2026-12-04 18:23:47.184+0000: event 'control-error' for domain 'tiny1'",
                "2026-12-04 18:24:01.913+0000: event 'lifecycle' for domain 'tiny1': Shutdown Finished after guest request",
                "2026-12-04 18:24:02.127+0000: event 'lifecycle' for domain 'tiny1': Stopped Shutdown",
                "2026-12-04 18:24:02.378+0000: event 'lifecycle' for domain 'lease1': Stopped Destroyed",
                "2026-12-04 18:24:02.379+0000: event 'lifecycle' for domain 'x': Stopped Crashed",
                "2026-12-04 18:24:02.403+0000: event 'lifecycle' for domain 'tiny1': Undefined Removed",
                "2026-12-04 18:24:12.406+0000: event 'lifecycle' for domain 'java1': Started Migrated",
                "error: Disconnected from qemu:///session?socket=/x/libvirt-sock due to end of file",
                "events received: 15");
        List<DomainEvent> events = source.stream().map(LibvirtEventLine::parse).flatMap(Optional::stream).toList();
        assertThat(events).extracting(DomainEvent::type).containsExactly(VmEventType.DEFINED, VmEventType.RESUMED,
                VmEventType.STARTED, VmEventType.PAUSED, VmEventType.MIGRATED_OUT, VmEventType.STOPPED,
                VmEventType.STOPPED, VmEventType.CRASHED, VmEventType.UNDEFINED, VmEventType.MIGRATED_IN);
        assertThat(events.getFirst().time()).isEqualTo(Instant.parse("2026-12-04T18:23:25.937Z"));
        assertThat(events.getFirst().vm()).isEqualTo("tiny1");
        assertThat(events.get(6).detail()).isEqualTo("Stopped Destroyed");
    }
}
