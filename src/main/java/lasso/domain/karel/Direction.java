package lasso.domain.karel;

/** The hero's heading, in the data set's index order (N=0, E=1, S=2, W=3). */
public enum Direction {
    NORTH("north", '^'),
    EAST("east", '>'),
    SOUTH("south", 'v'),
    WEST("west", '<');

    private static final Direction[] VALUES = values();

    private final String json;
    private final char symbol;

    Direction(String json, char symbol) {
        this.json = json;
        this.symbol = symbol;
    }

    /** The name in grid JSON: {@code north}, {@code east}, … */
    public String json() {
        return json;
    }

    /** The hero's symbol in drawings. */
    public char symbol() {
        return symbol;
    }

    static Direction of(int ordinal) {
        return VALUES[ordinal];
    }

    /** The direction with this JSON name, or null. */
    public static Direction fromJson(String name) {
        for (Direction direction : VALUES) {
            if (direction.json.equals(name)) {
                return direction;
            }
        }
        return null;
    }
}
