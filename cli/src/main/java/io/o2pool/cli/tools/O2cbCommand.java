package io.o2pool.cli.tools;

import io.o2pool.ocfs2.defaults.O2cbConfigureCommand;
import io.o2pool.ocfs2.tool.O2cbTool;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code o2pool o2cb ...}: the o2cb tool's configuration verbs on any file, plus {@code configure}. */
@Command(name = "o2cb", description = {
    "The o2cb tool's config-file verbs, as in ocfs2-tools, validated strictly:",
    "  [--config-file=FILE] add-cluster|remove-cluster|add-node|remove-node|add-heartbeat|",
    "  remove-heartbeat|heartbeat-mode|list-clusters|list-cluster|list-nodes|list-heartbeats ...",
    "  configure [--file FILE] [--enabled y|n] [--stack o2cb] [--cluster NAME] [--heartbeat-threshold N]",
    "            [--idle-timeout-ms N] [--keepalive-delay-ms N] [--reconnect-delay-ms N] [--yes]",
    "Default config file: /etc/ocfs2/cluster.conf."})
public final class O2cbCommand extends RawArgsCommand {
    @Override
    public Integer call() {
        if (isConfigure(args)) {
            List<String> rest = args.subList(args.indexOf("configure") + 1, args.size());
            return O2cbConfigureCommand.run(rest, new InputStreamReader(System.in, StandardCharsets.UTF_8),
                    System.out, System.err);
        }
        return print(new O2cbTool().run(args), System.out, System.err);
    }

    /** True when the verb (the first word that is neither an option nor an option's value) is "configure". */
    static boolean isConfigure(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--config-file")) {
                i++;
            } else if (!a.startsWith("-")) {
                return a.equals("configure");
            }
        }
        return false;
    }
}
