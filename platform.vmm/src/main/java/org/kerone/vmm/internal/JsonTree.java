package org.kerone.vmm.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kerone.vmm.ScenarioException;

/**
 * A JSON document read with Jackson's streaming parser into nodes that remember their path and
 * line, so that every validation message can name the place. Comments are allowed.
 */
final class JsonTree {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private JsonTree() {
    }

    /** A value with its place in the document. */
    static final class Node {
        final String source;
        final String path;
        final int line;
        final int column;
        final Object value;

        Node(String source, String path, JsonLocation at, Object value) {
            this.source = source;
            this.path = path;
            this.line = at.getLineNr();
            this.column = at.getColumnNr();
            this.value = value;
        }

        String place() {
            return (path.isEmpty() ? "(top)" : path) + " (line " + line + ", column " + column + ")";
        }

        ScenarioException error(String problem) {
            return new ScenarioException(source, place(), problem);
        }

        boolean isObject() {
            return value instanceof Map;
        }

        @SuppressWarnings("unchecked")
        Map<String, Node> object() throws ScenarioException {
            if (!(value instanceof Map)) {
                throw error("expected an object, found " + kind());
            }
            return (Map<String, Node>) value;
        }

        @SuppressWarnings("unchecked")
        List<Node> array() throws ScenarioException {
            if (!(value instanceof List)) {
                throw error("expected an array, found " + kind());
            }
            return (List<Node>) value;
        }

        String text() throws ScenarioException {
            if (!(value instanceof String s)) {
                throw error("expected a string, found " + kind());
            }
            return s;
        }

        long integer() throws ScenarioException {
            if (value instanceof Long l) {
                return l;
            }
            throw error("expected an integer, found " + kind());
        }

        String kind() {
            if (value == null) {
                return "null";
            } else if (value instanceof Map) {
                return "an object";
            } else if (value instanceof List) {
                return "an array";
            } else if (value instanceof String s) {
                return "the string \"" + s + "\"";
            } else {
                return value.toString();
            }
        }

        /** Refuses keys outside {@code allowed}. */
        void onlyKeys(String... allowed) throws ScenarioException {
            for (Map.Entry<String, Node> e : object().entrySet()) {
                if (!List.of(allowed).contains(e.getKey())) {
                    throw e.getValue().error("unknown key '" + e.getKey() + "' (allowed: " + String.join(", ", allowed) + ")");
                }
            }
        }

        Node get(String key) throws ScenarioException {
            return object().get(key);
        }

        Node require(String key) throws ScenarioException {
            Node n = object().get(key);
            if (n == null) {
                throw error("missing key '" + key + "'");
            }
            return n;
        }
    }

    static Node parse(String source, String text) throws ScenarioException {
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                throw new ScenarioException(source, "(top)", "the document is empty");
            }
            Node root = read(source, "", p);
            if (p.nextToken() != null) {
                throw new ScenarioException(source, at(p.currentTokenLocation()), "unexpected content after the document");
            }
            return root;
        } catch (JsonParseException e) {
            throw new ScenarioException(source, at(e.getLocation()), "malformed JSON: " + plain(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ScenarioException(source, "(top)", "cannot read: " + e.getMessage());
        }
    }

    private static String at(JsonLocation l) {
        return l == null ? "(unknown place)" : "line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    private static Node read(String source, String path, JsonParser p) throws IOException, ScenarioException {
        JsonLocation at = p.currentTokenLocation();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonLocation nameAt = p.currentTokenLocation();
                    p.nextToken();
                    String childPath = path.isEmpty() ? name : path + "." + name;
                    if (fields.containsKey(name)) {
                        throw new ScenarioException(source, childPath + " (" + at(nameAt) + ")", "duplicate key '" + name + "'");
                    }
                    fields.put(name, read(source, childPath, p));
                }
                return new Node(source, path, at, fields);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(source, path + "[" + items.size() + "]", p));
                }
                return new Node(source, path, at, items);
            }
            case VALUE_STRING -> {
                return new Node(source, path, at, p.getText());
            }
            case VALUE_NUMBER_INT -> {
                try {
                    return new Node(source, path, at, p.getLongValue());
                } catch (IOException e) {
                    throw new ScenarioException(source, path + " (" + at(at) + ")", "integer out of range: " + p.getText());
                }
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Node(source, path, at, p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node(source, path, at, p.getBooleanValue());
            }
            case VALUE_NULL -> {
                return new Node(source, path, at, null);
            }
            default -> throw new ScenarioException(source, at(at), "unexpected " + t);
        }
    }

    /** Jackson's message without its parser internals: "[Source: REDACTED (...); line: 1, column: 22]" becomes "line 1, column 22". */
    static String plain(String message) {
        return message == null ? "" : message.replaceAll("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
    }
}
