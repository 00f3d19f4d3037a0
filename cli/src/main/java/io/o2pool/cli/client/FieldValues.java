package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** Turns a {@code --set FIELD=VALUE} value into JSON: integers and booleans as such, anything else as text. */
final class FieldValues {
    private FieldValues() {
    }

    static JsonNode parse(String value) {
        if (value.equals("true") || value.equals("false")) {
            return BooleanNode.valueOf(Boolean.parseBoolean(value));
        }
        if (value.matches("-?\\d{1,9}")) {
            return IntNode.valueOf(Integer.parseInt(value));
        }
        return TextNode.valueOf(value);
    }
}
