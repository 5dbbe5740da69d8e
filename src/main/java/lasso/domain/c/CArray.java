package lasso.domain.c;

import java.util.Arrays;

/** The list {@code a} of a restricted-C program: exactly {@value #LENGTH} ints, immutable. */
public final class CArray {

    /** The length of every list, input or output. */
    public static final int LENGTH = 5;

    private final int[] values;

    private CArray(int[] values) {
        this.values = values;
    }

    /** @throws IllegalArgumentException unless there are exactly {@value #LENGTH} values */
    public static CArray of(int... values) {
        if (values.length != LENGTH) {
            throw new IllegalArgumentException("a list has exactly " + LENGTH + " values, not " + values.length);
        }
        return new CArray(values.clone());
    }

    /** Wraps an array the caller hands over and never touches again (the interpreter's result). */
    static CArray own(int[] values) {
        return new CArray(values);
    }

    public int get(int index) {
        return values[index];
    }

    public int[] toArray() {
        return values.clone();
    }

    /** Copies the values into {@code target} at {@code offset}. */
    void copyTo(int[] target, int offset) {
        System.arraycopy(values, 0, target, offset, LENGTH);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CArray that && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
