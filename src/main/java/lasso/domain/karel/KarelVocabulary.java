package lasso.domain.karel;

import lasso.domain.Vocabulary;

import java.util.List;

/**
 * The 39 tokens of the Karel data set, in the order of karel.md §1.1 (frame, statements, brackets,
 * actions, tests and {@code not}, repeat counts); a token's index is its id. Model specials (start,
 * end, padding) are not part of the language and are left to the models.
 */
public final class KarelVocabulary {

    public static final int DEF = 0;
    public static final int RUN = 1;
    public static final int M_OPEN = 2;
    public static final int M_CLOSE = 3;
    public static final int REPEAT = 4;
    public static final int WHILE = 5;
    public static final int IF = 6;
    public static final int IFELSE = 7;
    public static final int ELSE = 8;
    public static final int R_OPEN = 9;
    public static final int R_CLOSE = 10;
    public static final int W_OPEN = 11;
    public static final int W_CLOSE = 12;
    public static final int I_OPEN = 13;
    public static final int I_CLOSE = 14;
    public static final int E_OPEN = 15;
    public static final int E_CLOSE = 16;
    public static final int C_OPEN = 17;
    public static final int C_CLOSE = 18;
    /** The first action token; the actions follow in {@link Action} order. */
    public static final int FIRST_ACTION = 19;
    /** The first test token; the tests follow in {@link Sensor} order. */
    public static final int FIRST_SENSOR = 24;
    public static final int NOT = 29;
    /** The token of {@code R=2}; {@code R=n} is {@code R_2 + n - 2}. */
    public static final int R_2 = 30;

    public static final Vocabulary VOCABULARY = new Vocabulary(List.of(
            "DEF", "run", "m(", "m)",
            "REPEAT", "WHILE", "IF", "IFELSE", "ELSE",
            "r(", "r)", "w(", "w)", "i(", "i)", "e(", "e)", "c(", "c)",
            "move", "turnLeft", "turnRight", "pickMarker", "putMarker",
            "frontIsClear", "leftIsClear", "rightIsClear", "markersPresent", "noMarkersPresent", "not",
            "R=2", "R=3", "R=4", "R=5", "R=6", "R=7", "R=8", "R=9", "R=10"));

    public static final int SIZE = 39;

    private KarelVocabulary() {
    }

    static int actionToken(Action action) {
        return FIRST_ACTION + action.ordinal();
    }

    static int sensorToken(Sensor sensor) {
        return FIRST_SENSOR + sensor.ordinal();
    }

    static int countToken(int times) {
        return R_2 + times - 2;
    }

    public static String token(int id) {
        return VOCABULARY.token(id);
    }
}
