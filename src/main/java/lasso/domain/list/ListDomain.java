package lasso.domain.list;

import lasso.domain.Domain;
import lasso.domain.Mutator;
import lasso.domain.Outcome;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.TaskFormat;
import lasso.domain.TaskGenerator;
import lasso.domain.Trace;
import lasso.domain.Vocabulary;

import java.util.List;
import java.util.Map;

/**
 * The DeepCoder list DSL (Balog et al. 2017) with the PCCoder/dkamm semantics: straight-line
 * programs over {@code int} and {@code [int]} built from 38 concrete operators.
 */
public final class ListDomain implements Domain<ListProgram, ListInput, Value> {

    private final ListMutator mutator = new ListMutator();
    private final ListTaskFormat taskFormat = new ListTaskFormat();

    @Override
    public String name() {
        return "list";
    }

    @Override
    public Vocabulary vocabulary() {
        return ListSyntax.VOCABULARY;
    }

    @Override
    public List<String> tokenize(String text) throws ProgramSyntaxException {
        return ListSyntax.tokenize(text);
    }

    @Override
    public ListProgram parse(List<String> tokens) throws ProgramSyntaxException {
        return ListSyntax.parse(tokens);
    }

    @Override
    public List<String> tokens(ListProgram program) {
        return ListSyntax.tokens(program);
    }

    @Override
    public String print(ListProgram program) {
        return ListSyntax.printPrefix(program);
    }

    @Override
    public Outcome<Value> run(ListProgram program, ListInput input) {
        return ListInterpreter.run(program, input);
    }

    @Override
    public Trace<List<Value>> trace(ListProgram program, ListInput input) {
        return ListInterpreter.trace(program, input);
    }

    @Override
    public TaskGenerator<ListProgram, ListInput, Value> generator(Map<String, String> options) {
        return ListTaskGenerator.fromOptions(options);
    }

    @Override
    public Mutator<ListProgram> mutator() {
        return mutator;
    }

    @Override
    public TaskFormat<ListInput, Value> taskFormat() {
        return taskFormat;
    }
}
