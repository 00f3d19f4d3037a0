package io.o2pool.packaging.man;

import java.util.List;

/**
 * Builds the text of one man page in the {@code man(7)} macro language: the title line, sections, tagged paragraphs
 * and verbatim blocks, with every text escaped so that groff prints it as written (lintian runs
 * {@code man --warnings} on each page). Not thread-safe; one instance per page.
 */
final class Troff {
    private final StringBuilder text = new StringBuilder();

    /** Starts the page: {@code .TH NAME SECTION DATE SOURCE MANUAL}. */
    Troff(String name, int section, String date, String source, String manual) {
        text.append(".TH ").append(quoted(name.toUpperCase(java.util.Locale.ROOT))).append(' ').append(section)
                .append(' ').append(quoted(date)).append(' ').append(quoted(source)).append(' ')
                .append(quoted(manual)).append('\n');
    }

    Troff section(String title) {
        text.append(".SH ").append(quoted(title)).append('\n');
        return this;
    }

    /** Filled text: each element is a line of source; groff joins and fills them. */
    Troff paragraph(List<String> lines) {
        text.append(".PP\n");
        lines.forEach(line -> text.append(line(line)).append('\n'));
        return this;
    }

    Troff paragraph(String line) {
        return paragraph(List.of(line));
    }

    /** {@code NAME \- summary}, the line {@code apropos} and {@code whatis} read. */
    Troff name(String name, String summary) {
        section("NAME");
        text.append(escape(name)).append(" \\- ").append(escape(summary)).append('\n');
        return this;
    }

    /** A tagged paragraph: the tag in bold (an option or a command), the body filled below it. */
    Troff tagged(String boldTag, String italicSuffix, List<String> body) {
        text.append(".TP\n").append("\\fB").append(escape(boldTag)).append("\\fR");
        if (italicSuffix != null && !italicSuffix.isEmpty()) {
            text.append("\\fI").append(escape(italicSuffix)).append("\\fR");
        }
        text.append('\n');
        if (body.isEmpty()) {
            text.append("\\&\n");
        }
        body.forEach(line -> text.append(line(line)).append('\n'));
        return this;
    }

    /** Text printed as written, line for line, in a fixed-width font (usage texts, examples). */
    Troff verbatim(String block) {
        text.append(".PP\n.nf\n");
        for (String line : block.stripTrailing().split("\n", -1)) {
            text.append(line(line.stripTrailing())).append('\n');
        }
        text.append(".fi\n");
        return this;
    }

    /** The SEE ALSO section: each page as {@code .BR name (section)}, comma separated. */
    Troff seeAlso(List<String> pages) {
        section("SEE ALSO");
        for (int i = 0; i < pages.size(); i++) {
            String page = pages.get(i);
            int open = page.lastIndexOf('(');
            text.append(".BR ").append(escape(page.substring(0, open))).append(' ')
                    .append(page.substring(open)).append(i < pages.size() - 1 ? "," : "").append('\n');
        }
        return this;
    }

    String text() {
        return text.toString();
    }

    /** One source line: escaped, never starting with a control character, an empty line kept as {@code \&}. */
    private static String line(String line) {
        String escaped = escape(line);
        if (escaped.isEmpty()) {
            return "\\&";
        }
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }

    /**
     * Escapes text for groff: backslash as {@code \e}, every hyphen as a minus sign ({@code \-}: options must be
     * typed as shown) and tabs as spaces.
     */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\e");
                case '-' -> out.append("\\-");
                case '\t' -> out.append("    ");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String quoted(String s) {
        return "\"" + escape(s).replace("\"", "\\(dq") + "\"";
    }
}
