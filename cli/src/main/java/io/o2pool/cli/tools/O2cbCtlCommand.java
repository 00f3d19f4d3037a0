package io.o2pool.cli.tools;

import io.o2pool.ocfs2.tool.ClusterStackProbe;
import io.o2pool.ocfs2.tool.O2cbCtlTool;
import picocli.CommandLine.Command;

/** {@code o2pool o2cb_ctl ...}: the seed's o2cb_ctl command lines, verbatim, on {@code -c FILE}. */
@Command(name = "o2cb_ctl", description = {
    "o2cb_ctl as the seed uses it, on any file (-c FILE, default /etc/ocfs2/cluster.conf):",
    "  -C -n NAME -t cluster [-i]",
    "  -C -n NODE -t node [-i] -a cluster=C -a number=N -a ip_address=IP -a ip_port=P",
    "  -D -n NODE -t node [-i]      (supported, unlike the real tool)",
    "  -I [-n NAME] [-t TYPE]",
    "-i (change the running cluster) is accepted; without a running stack only the file changes."})
public final class O2cbCtlCommand extends RawArgsCommand {
    @Override
    public Integer call() {
        return print(O2cbCtlTool.run(args, ClusterStackProbe.configfs()), System.out, System.err);
    }
}
