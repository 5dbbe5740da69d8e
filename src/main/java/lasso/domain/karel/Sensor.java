package lasso.domain.karel;

/** The five tests a condition reads. The order is the vocabulary's. */
public enum Sensor {
    FRONT_IS_CLEAR("frontIsClear"),
    LEFT_IS_CLEAR("leftIsClear"),
    RIGHT_IS_CLEAR("rightIsClear"),
    MARKERS_PRESENT("markersPresent"),
    NO_MARKERS_PRESENT("noMarkersPresent");

    private static final Sensor[] VALUES = values();

    private final String token;

    Sensor(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    static Sensor of(int ordinal) {
        return VALUES[ordinal];
    }

    /** The test with this token, or null. */
    public static Sensor fromToken(String token) {
        for (Sensor sensor : VALUES) {
            if (sensor.token.equals(token)) {
                return sensor;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return token;
    }
}
