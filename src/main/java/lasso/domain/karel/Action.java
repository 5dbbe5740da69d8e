package lasso.domain.karel;

/** The five primitive actions; a statement on its own. The order is the vocabulary's. */
public enum Action implements Statement {
    MOVE("move"),
    TURN_LEFT("turnLeft"),
    TURN_RIGHT("turnRight"),
    PICK_MARKER("pickMarker"),
    PUT_MARKER("putMarker");

    private static final Action[] VALUES = values();

    private final String token;

    Action(String token) {
        this.token = token;
    }

    /** The action's token, also its name in action lists and program JSON. */
    public String token() {
        return token;
    }

    public boolean isMarkerAction() {
        return this == PICK_MARKER || this == PUT_MARKER;
    }

    static Action of(int ordinal) {
        return VALUES[ordinal];
    }

    /** The action with this token, or null. */
    public static Action fromToken(String token) {
        for (Action action : VALUES) {
            if (action.token.equals(token)) {
                return action;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return token;
    }
}
