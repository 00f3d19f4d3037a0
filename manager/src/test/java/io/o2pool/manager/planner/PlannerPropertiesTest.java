package io.o2pool.manager.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.model.HeartbeatMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Properties of the pure planning helpers, checked on random pools (seeded by the repetition number, so a failure
 * names the seed that reproduces it): rendering is deterministic and lists exactly the spec's nodes, the lowest free
 * node number is chosen, and diff lines come from the right side. The operations' planners have their own
 * properties beside them (e.g. {@code AddServerPlannerPropertiesTest}).
 */
class PlannerPropertiesTest {

    static ClusterSpec randomSpec(Random r) {
        int count = r.nextInt(40);
        List<Integer> numbers = new ArrayList<>();
        for (int n = 0; n < 255; n++) {
            numbers.add(n);
        }
        Collections.shuffle(numbers, r);
        List<NodeSpec> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = numbers.get(i);
            nodes.add(new NodeSpec("srv" + n, n, "host-" + n, "10.0." + (n / 200) + "." + (n % 200 + 1)));
        }
        return new ClusterSpec("ocfs2", 7777 + r.nextInt(3), r.nextBoolean() ? HeartbeatMode.LOCAL : HeartbeatMode.GLOBAL,
                nodes);
    }

    @RepeatedTest(300)
    void renderingIsDeterministicAndListsExactlyTheNodes(RepetitionInfo rep) {
        Random r = new Random(rep.getCurrentRepetition());
        ClusterSpec spec = randomSpec(r);
        List<NodeSpec> shuffled = new ArrayList<>(spec.nodes());
        Collections.shuffle(shuffled, r);
        String text = ClusterConfRenderer.render(spec);
        assertThat(ClusterConfRenderer.render(new ClusterSpec(spec.clusterName(), spec.ipPort(), spec.heartbeatMode(),
                shuffled))).as("seed %s", rep.getCurrentRepetition()).isEqualTo(text);
        Matcher m = Pattern.compile("\\tnumber = (\\d+)\\n\\tip_port = \\d+\\n\\tip_address = \\S+\\n\\tname = (\\S+)\\n")
                .matcher(text);
        List<Integer> numbers = new ArrayList<>();
        while (m.find()) {
            numbers.add(Integer.parseInt(m.group(1)));
            assertThat(m.group(2)).isEqualTo("host-" + m.group(1));
        }
        assertThat(numbers).isSorted().doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(spec.numbers());
        assertThat(text).contains("\tnode_count = " + spec.nodes().size() + "\n");
    }

    @RepeatedTest(300)
    void lowestFreeNumberIsTheSmallestUnused(RepetitionInfo rep) {
        Random r = new Random(rep.getCurrentRepetition());
        int maxNodes = 1 + r.nextInt(255);
        Set<Integer> used = new HashSet<>();
        int count = r.nextInt(maxNodes + 1);
        for (int i = 0; i < count; i++) {
            used.add(r.nextInt(maxNodes));
        }
        if (r.nextInt(10) == 0) {
            for (int n = 0; n < maxNodes; n++) {
                used.add(n);
            }
        }
        var free = NodeNumbers.lowestFree(used, maxNodes);
        if (free.isEmpty()) {
            for (int n = 0; n < maxNodes; n++) {
                assertThat(used).contains(n);
            }
        } else {
            assertThat(free.getAsInt()).isLessThan(maxNodes).isNotIn(used);
            for (int n = 0; n < free.getAsInt(); n++) {
                assertThat(used).contains(n);
            }
        }
    }

    @RepeatedTest(200)
    void diffLinesComeFromTheRightSide(RepetitionInfo rep) {
        Random r = new Random(rep.getCurrentRepetition());
        String a = ClusterConfRenderer.render(randomSpec(r));
        String b = ClusterConfRenderer.render(randomSpec(r));
        String diff = TextDiff.unified(a, b, "a", "b");
        assertThat(diff.isEmpty()).isEqualTo(a.equals(b));
        Set<String> aLines = new HashSet<>(List.of(a.split("\n")));
        Set<String> bLines = new HashSet<>(List.of(b.split("\n")));
        long added = 0;
        long removed = 0;
        for (String line : diff.split("\n")) {
            if (line.startsWith("+++") || line.startsWith("---") || line.startsWith("@@") || line.isEmpty()) {
                continue;
            }
            if (line.startsWith("+")) {
                assertThat(bLines).contains(line.substring(1));
                added++;
            } else if (line.startsWith("-")) {
                assertThat(aLines).contains(line.substring(1));
                removed++;
            }
        }
        assertThat(added - removed).isEqualTo(b.split("\n", -1).length - (long) a.split("\n", -1).length);
    }
}
