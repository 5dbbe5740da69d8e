package lasso.domain.karel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.Excerpt;

import java.util.HashSet;
import java.util.Set;

/**
 * The data set's grid JSON (karel.md §2.3): {@code rows}, {@code cols}, {@code hero} = {@code "r:c:dir"},
 * {@code blocked} = {@code "r:c r:c …"}, {@code markers} = {@code "r:c:n …"}, {@code crashed}. Lists
 * are written from the top row down, columns ascending, and keys in alphabetical order, as in the
 * MSR files.
 */
public final class KarelGridJson {

    private KarelGridJson() {
    }

    public static ObjectNode write(KarelGrid grid) {
        StringBuilder blocked = new StringBuilder();
        StringBuilder markers = new StringBuilder();
        for (int row = grid.rows() - 1; row >= 0; row--) {
            for (int col = 0; col < grid.cols(); col++) {
                if (grid.blocked(row, col)) {
                    append(blocked, row + ":" + col);
                } else if (grid.markers(row, col) > 0) {
                    append(markers, row + ":" + col + ":" + grid.markers(row, col));
                }
            }
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("blocked", blocked.toString());
        node.put("cols", grid.cols());
        node.put("crashed", false);
        node.put("hero", grid.heroRow() + ":" + grid.heroCol() + ":" + grid.heroDirection().json());
        node.put("markers", markers.toString());
        node.put("rows", grid.rows());
        return node;
    }

    private static void append(StringBuilder list, String item) {
        if (!list.isEmpty()) {
            list.append(' ');
        }
        list.append(item);
    }

    /**
     * Reads a grid.
     *
     * @throws IllegalArgumentException naming the key and the problem: a missing key, a size outside
     *                                  2..16, a cell outside the grid, the hero on an obstacle, a
     *                                  marker count outside 1..10, a marker on an obstacle, …
     */
    public static KarelGrid read(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a grid must be a JSON object");
        }
        JsonNode crashed = node.get("crashed");
        if (crashed != null && !crashed.isNull() && (!crashed.isBoolean() || crashed.booleanValue())) {
            throw new IllegalArgumentException("'crashed' must be false (a crashed grid is not a Karel world)");
        }
        int rows = size(node, "rows");
        int cols = size(node, "cols");
        KarelGrid.Builder builder = KarelGrid.builder(rows, cols);
        String hero = text(node, "hero", true);
        String[] parts = hero.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("'hero' must be \"row:col:direction\", not \"" + hero + "\"");
        }
        int heroRow = number(parts[0], "hero", hero);
        int heroCol = number(parts[1], "hero", hero);
        Direction direction = Direction.fromJson(parts[2]);
        if (direction == null) {
            throw new IllegalArgumentException("'hero' direction '" + parts[2] + "' is not north, east, south or west");
        }
        inside(heroRow, heroCol, rows, cols, "hero " + hero);
        builder.hero(heroRow, heroCol, direction);
        Set<Integer> seen = new HashSet<>();
        for (String cell : items(text(node, "blocked", false))) {
            String[] rc = cell.split(":", -1);
            if (rc.length != 2) {
                throw new IllegalArgumentException("'blocked' entry \"" + cell + "\" is not \"row:col\"");
            }
            int row = number(rc[0], "blocked", cell);
            int col = number(rc[1], "blocked", cell);
            inside(row, col, rows, cols, "obstacle " + cell);
            if (!seen.add(row * 100 + col)) {
                throw new IllegalArgumentException("obstacle " + cell + " is listed twice");
            }
            builder.obstacle(row, col);
        }
        seen.clear();
        for (String cell : items(text(node, "markers", false))) {
            String[] rcn = cell.split(":", -1);
            if (rcn.length != 3) {
                throw new IllegalArgumentException("'markers' entry \"" + cell + "\" is not \"row:col:count\"");
            }
            int row = number(rcn[0], "markers", cell);
            int col = number(rcn[1], "markers", cell);
            int count = signed(rcn[2], "markers", cell);
            inside(row, col, rows, cols, "marker " + cell);
            if (count < 1 || count > KarelGrid.MAX_MARKERS) {
                throw new IllegalArgumentException("marker count in \"" + cell + "\" is outside 1.."
                        + KarelGrid.MAX_MARKERS);
            }
            if (!seen.add(row * 100 + col)) {
                throw new IllegalArgumentException("markers on cell " + row + ":" + col + " are listed twice");
            }
            if (builder.blocked(row, col)) {
                throw new IllegalArgumentException("marker " + cell + " is on an obstacle");
            }
            builder.markers(row, col, count);
        }
        if (builder.blocked(heroRow, heroCol)) {
            throw new IllegalArgumentException("hero " + hero + " is on an obstacle");
        }
        return builder.build();
    }

    private static int size(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing '" + key + "'");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("'" + key + "' must be an integer, not " + Excerpt.json(value));
        }
        int size = value.intValue();
        if (size < KarelGrid.MIN_SIZE || size > KarelGrid.MAX_SIZE) {
            throw new IllegalArgumentException("'" + key + "' " + size + " is outside " + KarelGrid.MIN_SIZE + ".."
                    + KarelGrid.MAX_SIZE);
        }
        return size;
    }

    private static String text(JsonNode node, String key, boolean required) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing '" + key + "'");
            }
            return "";
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + key + "' must be a string, not " + Excerpt.json(value));
        }
        return value.textValue();
    }

    private static String[] items(String list) {
        String trimmed = list.trim();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    }

    private static int number(String text, String key, String item) {
        int value = signed(text, key, item);
        if (value < 0) {
            throw new IllegalArgumentException("'" + key + "' entry \"" + item + "\" has a negative coordinate");
        }
        return value;
    }

    private static int signed(String text, String key, String item) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' entry \"" + item + "\" has '" + text + "', not a number");
        }
    }

    private static void inside(int row, int col, int rows, int cols, String what) {
        if (row >= rows || col >= cols) {
            throw new IllegalArgumentException(what + " is outside the " + rows + "x" + cols + " grid");
        }
    }
}
