package lasso.api;

import lasso.api.v1.IntList;
import lasso.api.v1.ListExample;
import lasso.domain.Domain;
import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.list.IntValue;
import lasso.domain.list.ListInput;
import lasso.domain.list.ListProgram;
import lasso.domain.list.ListSemantics;
import lasso.domain.list.ListValue;
import lasso.domain.list.NullValue;
import lasso.domain.list.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * DeepCoder list-DSL examples: one to three inputs (ints or int lists) and the output (an int, a
 * list, or NULL); integers in [-256, 255], lists of at most 20.
 */
public final class ListExampleCodec implements ExampleCodec<ListInput, Value> {

    @Override
    @SuppressWarnings("unchecked")
    public Domain<?, ListInput, Value> domain() {
        return (Domain<?, ListInput, Value>) Domains.named("list");
    }

    @Override
    public Example<ListInput, Value> decode(lasso.api.v1.Example example, String field) {
        if (example.getKindCase() != lasso.api.v1.Example.KindCase.LIST) {
            throw new IllegalArgumentException(field + ": domain list takes list examples, not "
                    + KarelExampleCodec.kind(example));
        }
        ListExample list = example.getList();
        if (list.getInputsCount() == 0 || list.getInputsCount() > ListProgram.MAX_INPUTS) {
            throw new IllegalArgumentException(field + ".list.inputs: a program takes 1 to " + ListProgram.MAX_INPUTS
                    + " inputs, got " + list.getInputsCount());
        }
        List<Value> inputs = new ArrayList<>();
        for (int i = 0; i < list.getInputsCount(); i++) {
            Value value = value(list.getInputs(i), field + ".list.inputs[" + i + "]");
            if (value == NullValue.NULL) {
                throw new IllegalArgumentException(field + ".list.inputs[" + i + "]: an input cannot be NULL");
            }
            inputs.add(value);
        }
        if (!list.hasOutput()) {
            throw new IllegalArgumentException(field + ".list.output: missing");
        }
        return Example.given(new ListInput(inputs), value(list.getOutput(), field + ".list.output"));
    }

    private static Value value(lasso.api.v1.ListValue value, String field) {
        return switch (value.getValueCase()) {
            case INT_VALUE -> new IntValue(integer(value.getIntValue(), field));
            case LIST_VALUE -> {
                IntList list = value.getListValue();
                if (list.getValuesCount() > ListSemantics.MAX_LENGTH) {
                    throw new IllegalArgumentException(field + ": a list holds at most " + ListSemantics.MAX_LENGTH
                            + " integers, got " + list.getValuesCount());
                }
                int[] elements = new int[list.getValuesCount()];
                for (int k = 0; k < elements.length; k++) {
                    elements[k] = integer(list.getValues(k), field + "[" + k + "]");
                }
                yield new ListValue(elements);
            }
            case NULL_VALUE -> NullValue.NULL;
            case VALUE_NOT_SET -> throw new IllegalArgumentException(field + ": missing (int_value, list_value or null_value)");
        };
    }

    private static int integer(int value, String field) {
        if (!ListSemantics.inRange(value)) {
            throw new IllegalArgumentException(field + ": " + value + " is out of range [" + ListSemantics.MIN + ", "
                    + ListSemantics.MAX + "]");
        }
        return value;
    }

    @Override
    public lasso.api.v1.Example encode(Example<ListInput, Value> example) {
        ListExample.Builder list = ListExample.newBuilder();
        for (Value input : example.input().values()) {
            list.addInputs(value(input));
        }
        return lasso.api.v1.Example.newBuilder().setList(list.setOutput(value(example.output()))).build();
    }

    private static lasso.api.v1.ListValue value(Value value) {
        lasso.api.v1.ListValue.Builder message = lasso.api.v1.ListValue.newBuilder();
        if (value instanceof IntValue integer) {
            message.setIntValue(integer.value());
        } else if (value instanceof ListValue list) {
            message.setListValue(IntList.newBuilder().addAllValues(list.stream().boxed().toList()));
        } else {
            message.setNullValue(true);
        }
        return message.build();
    }
}
