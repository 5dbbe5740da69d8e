package lasso.model.deepcoder;

import lasso.domain.Example;
import lasso.domain.list.IntValue;
import lasso.domain.list.ListInput;
import lasso.domain.list.ListProgram;
import lasso.domain.list.ListSemantics;
import lasso.domain.list.ListValue;
import lasso.domain.list.Value;

import java.util.List;

/**
 * The network's view of a task (paper §4.3): for each example, three input slots and the output
 * slot, each a type one-hot ({@code int}, {@code [int]}; both zero for an absent input) and its
 * integers padded to {@link #LENGTH} with the NULL token. Integer {@code v} is token
 * {@code v - MIN}; NULL (and padding) is the last token.
 */
public final class ExampleEncoding {

    public static final int SLOTS = ListProgram.MAX_INPUTS + 1;
    public static final int LENGTH = ListSemantics.MAX_LENGTH;
    public static final int NULL_TOKEN = ListSemantics.MAX - ListSemantics.MIN + 1;
    public static final int VOCABULARY = NULL_TOKEN + 1;
    public static final int TYPES = 2;

    private ExampleEncoding() {
    }

    /**
     * Writes the examples of one task at {@code task} into batch arrays shaped
     * (batch, examples, SLOTS, LENGTH) for tokens and (batch, examples, SLOTS, TYPES) for types.
     */
    public static void encode(List<Example<ListInput, Value>> examples, int task, long[] tokens, float[] types) {
        int m = examples.size();
        for (int e = 0; e < m; e++) {
            Example<ListInput, Value> example = examples.get(e);
            int row = task * m + e;
            for (int slot = 0; slot < SLOTS; slot++) {
                Value value;
                if (slot < ListProgram.MAX_INPUTS) {
                    value = slot < example.input().size() ? example.input().get(slot) : null;
                } else {
                    value = example.output();
                }
                int tokenBase = (row * SLOTS + slot) * LENGTH;
                int typeBase = (row * SLOTS + slot) * TYPES;
                for (int k = 0; k < LENGTH; k++) {
                    tokens[tokenBase + k] = NULL_TOKEN;
                }
                types[typeBase] = 0;
                types[typeBase + 1] = 0;
                if (value instanceof ListValue list) {
                    types[typeBase + 1] = 1;
                    for (int k = 0; k < Math.min(LENGTH, list.length()); k++) {
                        tokens[tokenBase + k] = list.get(k) - ListSemantics.MIN;
                    }
                } else if (value != null) {
                    types[typeBase] = 1;
                    if (value instanceof IntValue i) {
                        tokens[tokenBase] = i.value() - ListSemantics.MIN;
                    }
                }
            }
        }
    }
}
