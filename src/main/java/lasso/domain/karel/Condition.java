package lasso.domain.karel;

import java.util.List;

/**
 * A condition: a test, possibly negated once ({@code not c( test c)}); the grammar allows no deeper
 * nesting (karel.md §1.3).
 */
public record Condition(Sensor sensor, boolean negated) {

    /**
     * The eight conditions the SED mutations draw from: the five tests and the negations of the three
     * "is clear" tests (the only negations in the data set).
     */
    public static final List<Condition> MUTATION_CHOICES = List.of(
            new Condition(Sensor.FRONT_IS_CLEAR, false), new Condition(Sensor.LEFT_IS_CLEAR, false),
            new Condition(Sensor.RIGHT_IS_CLEAR, false), new Condition(Sensor.MARKERS_PRESENT, false),
            new Condition(Sensor.NO_MARKERS_PRESENT, false), new Condition(Sensor.FRONT_IS_CLEAR, true),
            new Condition(Sensor.LEFT_IS_CLEAR, true), new Condition(Sensor.RIGHT_IS_CLEAR, true));

    public Condition {
        if (sensor == null) {
            throw new IllegalArgumentException("a condition needs a test");
        }
    }

    public static Condition of(Sensor sensor) {
        return new Condition(sensor, false);
    }

    public static Condition not(Sensor sensor) {
        return new Condition(sensor, true);
    }

    /** Compact code used by the compiled program: the test's ordinal, plus 8 if negated. */
    int code() {
        return sensor.ordinal() | (negated ? 8 : 0);
    }

    @Override
    public String toString() {
        return negated ? "not c( " + sensor.token() + " c)" : sensor.token();
    }
}
