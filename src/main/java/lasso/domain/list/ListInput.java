package lasso.domain.list;

import java.util.List;

/** The input of one example: one value per program input, in order. */
public record ListInput(List<Value> values) {

    public ListInput {
        values = List.copyOf(values);
    }

    public static ListInput of(Value... values) {
        return new ListInput(List.of(values));
    }

    public int size() {
        return values.size();
    }

    public Value get(int i) {
        return values.get(i);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
