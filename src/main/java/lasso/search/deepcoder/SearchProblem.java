package lasso.search.deepcoder;

import lasso.domain.Example;
import lasso.domain.list.ListInput;
import lasso.domain.list.ListValue;
import lasso.domain.list.NullValue;
import lasso.domain.list.Type;
import lasso.domain.list.Value;

import java.util.List;

/**
 * What a search must satisfy: M input-output examples with the same input types, each output given
 * (NULL allowed) and of one type.
 */
public record SearchProblem(List<Example<ListInput, Value>> examples) {

    public SearchProblem {
        examples = List.copyOf(examples);
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("a search needs at least one example");
        }
        List<Type> types = inputTypes(examples.get(0).input());
        Type output = null;
        for (int e = 0; e < examples.size(); e++) {
            Example<ListInput, Value> example = examples.get(e);
            if (!inputTypes(example.input()).equals(types)) {
                throw new IllegalArgumentException("example " + e + " has input types " + inputTypes(example.input())
                        + ", example 0 has " + types);
            }
            for (Value value : example.input().values()) {
                if (!value.inRange() || value instanceof NullValue) {
                    throw new IllegalArgumentException("example " + e + " has an input that is NULL or out of range: "
                            + value);
                }
            }
            if (example.output() == null) {
                throw new IllegalArgumentException("example " + e + " has no output");
            }
            if (output != null && example.output().type() != output) {
                throw new IllegalArgumentException("example " + e + " has an output of type " + example.output().type()
                        + ", example 0 of type " + output);
            }
            output = example.output().type();
        }
        if (types.isEmpty() || types.size() > 3) {
            throw new IllegalArgumentException("a task has 1 to 3 inputs, not " + types.size());
        }
    }

    public List<Type> inputTypes() {
        return inputTypes(examples.get(0).input());
    }

    public Type outputType() {
        return examples.get(0).output().type();
    }

    /** Longest list over all inputs and outputs (at least 1): every register's capacity. */
    int longestList() {
        int longest = 1;
        for (Example<ListInput, Value> example : examples) {
            for (Value value : example.input().values()) {
                if (value instanceof ListValue list) {
                    longest = Math.max(longest, list.length());
                }
            }
            if (example.output() instanceof ListValue list) {
                longest = Math.max(longest, list.length());
            }
        }
        return longest;
    }

    private static List<Type> inputTypes(ListInput input) {
        return input.values().stream().map(Value::type).toList();
    }
}
