package lasso.domain.list;

import java.util.Arrays;
import java.util.stream.IntStream;

/** An immutable list of integers with content equality and a cached hash. */
public final class ListValue implements Value {

    private final int[] elements;
    private final int hash;

    public ListValue(int[] elements) {
        this.elements = elements.clone();
        this.hash = Arrays.hashCode(this.elements);
    }

    /** Wraps an array the caller will never touch again (no copy). */
    static ListValue adopt(int[] elements) {
        return new ListValue(elements, Arrays.hashCode(elements));
    }

    private ListValue(int[] elements, int hash) {
        this.elements = elements;
        this.hash = hash;
    }

    public int length() {
        return elements.length;
    }

    public int get(int index) {
        return elements[index];
    }

    public int[] toArray() {
        return elements.clone();
    }

    public IntStream stream() {
        return Arrays.stream(elements);
    }

    /** Copies the elements into {@code target} from {@code offset}. */
    void copyTo(int[] target, int offset) {
        System.arraycopy(elements, 0, target, offset, elements.length);
    }

    @Override
    public Type type() {
        return Type.LIST;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ListValue that && hash == that.hash && Arrays.equals(elements, that.elements);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.toString(elements).replace(" ", "");
    }
}
