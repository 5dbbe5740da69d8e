package lasso.domain;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A client's text as error messages quote it: whole when short, else its beginning and its length,
 * so that an 8 KB id or domain name echoed into a gRPC status cannot outgrow the HTTP/2 headers.
 */
public final class Excerpt {

    /** Characters quoted whole; a longer text shows its first {@code KEPT}. */
    static final int SHORT = 64;
    static final int KEPT = 40;

    private Excerpt() {
    }

    /**
     * A JSON value from a client's file or request as an error message shows it: as JSON when small,
     * else by its kind and size (a deep array cannot even be written: Jackson refuses 1000 levels).
     */
    public static String json(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        if (node.isContainerNode() && !small(node, 16, 4)) {
            return (node.isArray() ? "an array of " : "an object of ") + node.size() + (node.isArray() ? " values" : " fields");
        }
        String text = node.toString();
        return text.length() <= SHORT ? text : quoted(text);
    }

    /** Whether a container holds at most {@code nodes} values, nested at most {@code depth} deep. */
    private static boolean small(JsonNode node, int nodes, int depth) {
        int[] left = {nodes};
        return small(node, left, depth);
    }

    private static boolean small(JsonNode node, int[] left, int depth) {
        if (--left[0] < 0 || depth < 0) {
            return false;
        }
        for (JsonNode child : node) {
            if (!small(child, left, depth - 1)) {
                return false;
            }
        }
        return true;
    }

    /** {@code 'text'}, or {@code 'beginning…' (N characters)}. */
    public static String quoted(String text) {
        if (text == null) {
            return "null";
        }
        if (text.length() <= SHORT) {
            return "'" + text + "'";
        }
        int end = Character.isHighSurrogate(text.charAt(KEPT - 1)) ? KEPT - 1 : KEPT;
        return "'" + text.substring(0, end) + "…' (" + text.length() + " characters)";
    }
}
