package io.o2pool.manager.addserver;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads node numbers out of cluster.conf text in tests. */
final class FakeAgentNodes {
    private FakeAgentNodes() {
    }

    static List<Integer> numbers(String clusterConf) {
        List<Integer> numbers = new ArrayList<>();
        Matcher m = Pattern.compile("\\tnumber = (\\d+)\\n").matcher(clusterConf);
        while (m.find()) {
            numbers.add(Integer.parseInt(m.group(1)));
        }
        return numbers;
    }
}
