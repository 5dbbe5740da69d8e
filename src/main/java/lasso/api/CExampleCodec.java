package lasso.api;

import lasso.api.v1.IntList;
import lasso.api.v1.IntListExample;
import lasso.domain.Domain;
import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.c.CArray;

/** Restricted-C examples: the function's int array and the array it returns, as int lists. */
public final class CExampleCodec implements ExampleCodec<CArray, CArray> {

    @Override
    @SuppressWarnings("unchecked")
    public Domain<?, CArray, CArray> domain() {
        return (Domain<?, CArray, CArray>) Domains.named("c");
    }

    @Override
    public Example<CArray, CArray> decode(lasso.api.v1.Example example, String field) {
        if (example.getKindCase() != lasso.api.v1.Example.KindCase.INT_LIST) {
            throw new IllegalArgumentException(field + ": domain c takes int_list examples, not "
                    + KarelExampleCodec.kind(example));
        }
        IntListExample ints = example.getIntList();
        if (!ints.hasInput()) {
            throw new IllegalArgumentException(field + ".int_list.input: missing");
        }
        if (!ints.hasOutput()) {
            throw new IllegalArgumentException(field + ".int_list.output: missing");
        }
        return Example.given(array(ints.getInput(), field + ".int_list.input"),
                array(ints.getOutput(), field + ".int_list.output"));
    }

    private static CArray array(IntList list, String field) {
        try {
            return CArray.of(list.getValuesList().stream().mapToInt(Integer::intValue).toArray());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    @Override
    public lasso.api.v1.Example encode(Example<CArray, CArray> example) {
        return lasso.api.v1.Example.newBuilder().setIntList(IntListExample.newBuilder()
                .setInput(list(example.input()))
                .setOutput(list(example.output()))).build();
    }

    private static IntList list(CArray array) {
        IntList.Builder list = IntList.newBuilder();
        for (int value : array.toArray()) {
            list.addValues(value);
        }
        return list.build();
    }
}
