package io.o2pool.packaging.man;

import java.util.List;

/**
 * The section-8 page of a daemon launcher ({@code o2pool-agent(8)}, {@code o2pool-manager(8)}): its option text is
 * the daemon's own {@code --help} text ({@code AgentOptions.HELP}, {@code ManagerOptions.USAGE}), shown verbatim,
 * with the package's files, configuration and unit around it.
 */
record DaemonManPage(String name, String summary, String usage, List<String> description, List<String> files,
                     List<String> seeAlso) {

    String text(String version, String date) {
        Troff page = new Troff(name, 8, date, "o2pool " + version, "o2pool manual");
        page.name(name, summary);
        page.section("SYNOPSIS").verbatim(name + " [--config FILE] [OPTIONS]");
        page.section("DESCRIPTION").paragraph(description);
        page.section("OPTIONS").paragraph("The options of " + name + " --help, as the daemon prints them:")
                .verbatim(usage);
        page.section("FILES");
        for (int i = 0; i + 1 < files.size(); i += 2) {
            page.tagged(files.get(i), null, List.of(files.get(i + 1)));
        }
        page.seeAlso(seeAlso);
        return page.text();
    }
}
