package lasso.domain.list;

/** An integer value. */
public record IntValue(int value) implements Value {

    @Override
    public Type type() {
        return Type.INT;
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
