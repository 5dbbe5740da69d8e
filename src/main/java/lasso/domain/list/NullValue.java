package lasso.domain.list;

/** NULL: the result of HEAD, LAST, MINIMUM or MAXIMUM of an empty list and of ACCESS out of range. */
public enum NullValue implements Value {
    NULL;

    @Override
    public Type type() {
        return Type.INT;
    }

    @Override
    public String toString() {
        return "NULL";
    }
}
