package io.o2pool.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The definition's checks name every bad field with the fix; the defaults are the tiny guest's. */
class VmDefinitionTest {

    @Test
    void theTinyDefaultsAreValidAndGetAStableUuid() {
        VmDefinition tiny = VmDefinition.tiny("web1");
        assertThat(tiny.problems()).isEmpty();
        assertThat(tiny.tinyGuest()).isTrue();
        assertThat(tiny.withDefaults().uuid()).isEqualTo(VmDefinition.tiny("web1").withDefaults().uuid())
                .isNotEqualTo(VmDefinition.tiny("web2").withDefaults().uuid());
    }

    @Test
    void everyBadFieldIsNamed() {
        VmDefinition bad = new VmDefinition("../x", "nope", 0, 64, "/etc/passwd", true, " ");
        assertThat(bad.problems()).extracting(VmDefinition.Problem::field)
                .containsExactly("name", "uuid", "vcpus", "memoryMib", "image", "preferredServer");
        assertThat(bad.problems().get(3).message()).isEqualTo("memoryMib is 64; it must be 96–1048576 (the tiny guest "
                + "needs at least 96)");
        assertThat(new VmDefinition("a", null, 1, 96, "images/../../etc", false, null).problems())
                .extracting(VmDefinition.Problem::field).containsExactly("image");
        assertThat(VmDefinition.tiny("events").problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("reserved"));
        assertThat(new VmDefinition("db-1.prod", null, 2, 2048, "images/db.qcow2", true, "vm-host02").problems())
                .isEmpty();
    }
}
