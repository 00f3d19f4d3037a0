package io.o2pool.ocfs2.conf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The line grammar of cluster.conf, as ocfs2-tools' {@code jconfig.c} implements it (REFERENCE §5), turned from a
 * silent "reject the file" into errors that say where and what was expected. A line is one of: a stanza header
 * {@code name:} in column 1 followed only by blanks; an attribute, indented by blanks, {@code key = value} where the
 * value runs to the end of the line (a trailing backslash continues it); a {@code #} comment in column 1; or a blank
 * (or blanks-only) line, which ends the current stanza. Not thread-safe; use {@link #parse(byte[])}.
 */
final class StanzaParser {
    private final ConfScanner scanner;
    private final List<Stanza> stanzas = new ArrayList<>();
    private String currentName;
    private ConfPosition currentPosition;
    private Map<String, Stanza.Attribute> currentAttributes;
    private int lineThatEndedStanza;

    private StanzaParser(byte[] input) {
        this.scanner = new ConfScanner(input);
    }

    /** The stanzas of {@code input} in file order, or the first syntax error. */
    static List<Stanza> parse(byte[] input) throws ConfParseException {
        StanzaParser parser = new StanzaParser(input);
        parser.parseLines();
        parser.closeStanza(0);
        return List.copyOf(parser.stanzas);
    }

    private void parseLines() throws ConfParseException {
        while (true) {
            ConfToken token = scanner.peek();
            switch (token.kind()) {
                case EOF -> {
                    return;
                }
                case IDENT -> parseHeader();
                case CHAR -> {
                    if (token.isBlank()) {
                        parseIndentedLine();
                    } else if (token.isChar('#')) {
                        skipToEndOfLine();
                    } else if (token.isChar('\n')) {
                        scanner.next();
                        closeStanza(token.position().line());
                    } else {
                        throw token.position().error("expected a stanza header such as 'cluster:' in column 1, an "
                                + "attribute indented by spaces or tabs, a '#' comment or a blank line, but found "
                                + token.describe());
                    }
                }
            }
        }
    }

    private void skipToEndOfLine() {
        while (scanner.peek().kind() != ConfToken.Kind.EOF) {
            if (scanner.next().isChar('\n')) {
                return;
            }
        }
    }

    private void parseHeader() throws ConfParseException {
        ConfToken name = scanner.next();
        closeStanza(0);
        ConfToken colon = scanner.next();
        if (!colon.isChar(':')) {
            throw colon.position().error("expected ':' after the stanza name '" + name.text() + "', but found "
                    + colon.describe());
        }
        while (true) {
            ConfToken token = scanner.next();
            if (token.kind() == ConfToken.Kind.EOF || token.isChar('\n')) {
                break;
            }
            if (!token.isBlank()) {
                throw token.position().error("expected only spaces or tabs after '" + name.text()
                        + ":' up to the end of the line, but found " + token.describe());
            }
        }
        currentName = name.text();
        currentPosition = name.position();
        currentAttributes = new LinkedHashMap<>();
    }

    private void parseIndentedLine() throws ConfParseException {
        scanner.next();
        while (true) {
            ConfToken token = scanner.peek();
            if (token.kind() == ConfToken.Kind.EOF) {
                return;
            }
            if (token.kind() == ConfToken.Kind.IDENT) {
                parseAttribute();
                return;
            }
            scanner.next();
            if (token.isChar('\n')) {
                closeStanza(token.position().line());
                return;
            }
            if (!token.isBlank()) {
                String hint = token.isChar('#') ? " (a '#' comment must start in column 1)" : "";
                throw token.position().error("expected an attribute name (letters, digits, '_') after the "
                        + "indentation, but found " + token.describe() + hint);
            }
        }
    }

    private void parseAttribute() throws ConfParseException {
        ConfToken key = scanner.next();
        if (currentAttributes == null) {
            throw key.position().error("attribute '" + key.text() + "' is not inside a stanza: "
                    + (lineThatEndedStanza > 0 ? "the blank line " + lineThatEndedStanza
                    + " ended the stanza above it; remove that blank line"
                    : "expected a stanza header such as 'cluster:' before it"));
        }
        AttributeValue value = AttributeValue.read(scanner, key);
        currentAttributes.remove(key.text()); // a later duplicate wins, in the later position
        currentAttributes.put(key.text(), new Stanza.Attribute(key.text(), value.text(), key.position(),
                value.position()));
    }

    private void closeStanza(int blankLine) {
        if (currentAttributes != null) {
            stanzas.add(new Stanza(currentName, currentPosition, currentAttributes));
            currentAttributes = null;
            if (blankLine > 0) {
                lineThatEndedStanza = blankLine;
            }
        }
    }
}
