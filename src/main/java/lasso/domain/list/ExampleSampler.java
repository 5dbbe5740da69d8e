package lasso.domain.list;

import lasso.domain.Example;
import lasso.domain.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Draws input-output examples for a program: list lengths first, then values from the ranges that
 * {@link ConstraintPropagation} gives for those lengths, then the program is run; an input it
 * rejects (NULL consumed, a value out of range) is drawn again a few times, as dkamm does.
 */
public final class ExampleSampler {

    /** Draws per example before the program is given up. */
    static final int TRIES = 20;

    private final int minLength;
    private final int maxLength;

    public ExampleSampler(int minLength, int maxLength) {
        if (minLength < 0 || maxLength < Math.max(1, minLength) || maxLength > ListSemantics.MAX_LENGTH) {
            throw new IllegalArgumentException("list lengths must satisfy 0 <= min <= max <= "
                    + ListSemantics.MAX_LENGTH + " and max >= 1, got " + minLength + ".." + maxLength);
        }
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    /** {@code count} examples, or empty when the program keeps rejecting its inputs. */
    public Optional<List<Example<ListInput, Value>>> sample(ListProgram program, int count, RandomGenerator random) {
        List<Example<ListInput, Value>> examples = new ArrayList<>(count);
        int[] lo = new int[program.variables()];
        int[] hi = new int[program.variables()];
        for (int e = 0; e < count; e++) {
            Example<ListInput, Value> example = null;
            for (int t = 0; t < TRIES && example == null; t++) {
                example = draw(program, lo, hi, random);
            }
            if (example == null) {
                return Optional.empty();
            }
            examples.add(example);
        }
        return Optional.of(examples);
    }

    private Example<ListInput, Value> draw(ListProgram program, int[] lo, int[] hi, RandomGenerator random) {
        int inputs = program.inputs().size();
        int[] lengths = new int[inputs];
        int longest = 1;
        for (int i = 0; i < inputs; i++) {
            lengths[i] = minLength + random.nextInt(maxLength - minLength + 1);
            longest = Math.max(longest, lengths[i]);
        }
        if (!ConstraintPropagation.bounds(program, longest, lo, hi)) {
            return null;
        }
        List<Value> values = new ArrayList<>(inputs);
        for (int i = 0; i < inputs; i++) {
            if (program.inputs().get(i) == Type.INT) {
                values.add(new IntValue(lo[i] + random.nextInt(hi[i] - lo[i] + 1)));
            } else {
                int[] elements = new int[lengths[i]];
                for (int k = 0; k < elements.length; k++) {
                    elements[k] = lo[i] + random.nextInt(hi[i] - lo[i] + 1);
                }
                values.add(ListValue.adopt(elements));
            }
        }
        ListInput input = new ListInput(values);
        Outcome<Value> outcome = ListInterpreter.run(program, input);
        return outcome instanceof Outcome.Ok<Value> ok ? new Example<>(input, ok.output(), false) : null;
    }
}
