package io.o2pool.ocfs2.conf;

import java.util.Map;

/**
 * Reads one {@code node:} stanza as libo2cb's {@code o2cb_cluster_fill_node} does, in its order: {@code name}
 * (required, unique in the cluster), {@code number} (decimal, below 2147483647), {@code ip_address} (IPv4 as
 * {@code inet_pton} accepts it), {@code ip_port} (decimal, at most 4294967295). Range rules beyond these are
 * o2pool's and only produce warnings ({@link ConfAudit}).
 */
final class NodeStanzaReader {
    private final Stanza stanza;
    private final String clusterName;
    private final Map<String, Stanza> namesSeen;

    NodeStanzaReader(Stanza stanza, String clusterName, Map<String, Stanza> namesSeen) {
        this.stanza = stanza;
        this.clusterName = clusterName;
        this.namesSeen = namesSeen;
    }

    Node read() throws ConfParseException {
        Stanza.Attribute name = required("name", "the node's host name");
        Stanza first = namesSeen.putIfAbsent(name.chomped(), stanza);
        String shownName = ConfLoader.display(name.chomped());
        if (first != null) {
            throw name.valuePosition().error("node '" + shownName + "' is defined a second time in cluster '"
                    + clusterName + "' (first at line " + first.position().line() + "); node names must be unique");
        }
        String what = " of node '" + shownName + "'";
        long number = number(required("number", "0-254"), "number" + what, Node.MAX_LOADABLE_NUMBER);
        Stanza.Attribute ip = required("ip_address", "an IPv4 address such as 192.168.3.153");
        if (!Ipv4Text.isValid(ip.chomped())) {
            throw ip.valuePosition().error("ip_address '" + ConfLoader.display(ip.chomped()) + "'" + what
                    + " is not an IPv4 address; expected four numbers 0-255 separated by dots, without leading "
                    + "zeros");
        }
        long port = number(required("ip_port", "the TCP port, usually 7777"), "ip_port" + what,
                Node.MAX_LOADABLE_PORT);
        return new Node(ConfLoader.utf8(name), number, ip.chomped(), port);
    }

    private Stanza.Attribute required(String key, String example) throws ConfParseException {
        Stanza.Attribute attribute = stanza.attribute(key).orElse(null);
        if (attribute == null || attribute.chomped().isEmpty()) {
            ConfPosition at = attribute == null ? stanza.position() : attribute.valuePosition();
            String node = stanza.value("name").filter(n -> !n.isEmpty() && !key.equals("name"))
                    .map(n -> "node '" + ConfLoader.display(n) + "'").orElse("a node stanza");
            throw at.error(node + " of cluster '" + clusterName + "' has no " + key + "; expected '" + key
                    + " = <" + example + ">'");
        }
        return attribute;
    }

    /**
     * A decimal value as libo2cb converts it ({@code strtoul} base 10, nothing after the digits, a sign and
     * leading white space allowed), at most {@code max}.
     */
    static long number(Stanza.Attribute attribute, String what, long max) throws ConfParseException {
        String text = attribute.chomped();
        CNumbers.Conversion conversion = CNumbers.strtoul(text);
        if (conversion.status() == CNumbers.Status.NOT_A_NUMBER) {
            throw attribute.valuePosition().error(what + " is '" + ConfLoader.display(text)
                    + "'; expected a decimal number");
        }
        if (conversion.status() == CNumbers.Status.OVERFLOW || Long.compareUnsigned(conversion.value(), max) > 0) {
            throw attribute.valuePosition().error(what + " is '" + ConfLoader.display(text)
                    + "', out of range; expected a decimal number from 0 to " + max);
        }
        return conversion.value();
    }
}
