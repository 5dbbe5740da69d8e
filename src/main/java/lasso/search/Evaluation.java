package lasso.search;

import java.util.Arrays;

/**
 * A candidate's results on a job's examples: one code per given example, and per held-out example
 * once the candidate passes every given one (held-out examples only judge answers).
 *
 * @param valid   false when the program does not parse (then every given code is {@link #ERROR})
 * @param given   one of {@link #PASS}, {@link #WRONG}, {@link #ERROR}, {@link #TIMEOUT} per example
 * @param heldout the same for the held-out examples; empty unless every given example passed
 */
public record Evaluation(boolean valid, byte[] given, byte[] heldout) {

    /** The program ran and produced the expected output. */
    public static final byte PASS = 0;
    /** The program ran and produced another output. */
    public static final byte WRONG = 1;
    /** The program crashed (or did not parse). */
    public static final byte ERROR = 2;
    /** The program ran out of steps. */
    public static final byte TIMEOUT = 3;

    /** The held-out codes of every evaluation that has none (most of them), shared: it is never changed. */
    private static final byte[] NONE = new byte[0];

    public Evaluation {
        given = given.clone();
        heldout = heldout.length == 0 ? NONE : heldout.clone();
        if (given.length == 0) {
            throw new IllegalArgumentException("an evaluation needs at least one given example");
        }
    }

    /** The evaluation of a program that does not parse. */
    public static Evaluation invalid(int givenCount) {
        byte[] codes = new byte[givenCount];
        Arrays.fill(codes, ERROR);
        return new Evaluation(false, codes, new byte[0]);
    }

    public int givenPassed() {
        return passed(given);
    }

    public int givenTotal() {
        return given.length;
    }

    public int heldoutPassed() {
        return passed(heldout);
    }

    public int heldoutTotal() {
        return heldout.length;
    }

    /** T(p, e): the fraction of the given examples passed. */
    public double score() {
        return (double) givenPassed() / given.length;
    }

    /** Whether every given example passed: the candidate is an answer. */
    public boolean solves() {
        return valid && givenPassed() == given.length;
    }

    @Override
    public byte[] given() {
        return given.clone();
    }

    @Override
    public byte[] heldout() {
        return heldout.clone();
    }

    private static int passed(byte[] codes) {
        int passed = 0;
        for (byte code : codes) {
            if (code == PASS) {
                passed++;
            }
        }
        return passed;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Evaluation e && valid == e.valid && Arrays.equals(given, e.given)
                && Arrays.equals(heldout, e.heldout);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Boolean.hashCode(valid) + Arrays.hashCode(given)) + Arrays.hashCode(heldout);
    }

    @Override
    public String toString() {
        return "Evaluation[valid=" + valid + ", given=" + givenPassed() + "/" + givenTotal() + ", heldout="
                + heldoutPassed() + "/" + heldoutTotal() + "]";
    }
}
