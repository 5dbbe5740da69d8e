package lasso.domain.list;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import lasso.domain.Domain;
import lasso.domain.InvalidTaskException;
import lasso.domain.Mutator;
import lasso.domain.Outcome;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.TaskFormat;
import lasso.domain.TaskGenerator;
import lasso.domain.Trace;
import lasso.domain.TraceJson;
import lasso.domain.Vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The DeepCoder list DSL (Balog et al. 2017) with the PCCoder/dkamm semantics: straight-line
 * programs over {@code int} and {@code [int]} built from 38 concrete operators.
 */
public final class ListDomain implements Domain<ListProgram, ListInput, Value> {

    private static final TraceJson<List<Value>, Value> TRACE_JSON = new TraceJson<>(ListDomain::writeState,
            ListDomain::readState, ListTaskFormat::json, (node, where) -> ListTaskFormat.value(node, "trace: " + where));

    private final ListMutator mutator = new ListMutator();
    private final ListTaskFormat taskFormat = new ListTaskFormat(this);

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
    @SuppressWarnings("unchecked")
    public JsonNode writeTrace(Trace<?> trace) {
        return TRACE_JSON.write((Trace<List<Value>>) trace);
    }

    @Override
    public Trace<List<Value>> readTrace(JsonNode json) throws InvalidTaskException {
        return TRACE_JSON.read(json);
    }

    /** A state is the program's variables so far: a JSON array of values. */
    private static JsonNode writeState(List<Value> variables) {
        ArrayNode json = JsonNodeFactory.instance.arrayNode();
        variables.forEach(value -> json.add(ListTaskFormat.json(value)));
        return json;
    }

    private static List<Value> readState(JsonNode node, String where) throws InvalidTaskException {
        if (node == null || !node.isArray()) {
            throw new InvalidTaskException("trace: " + where + " must be an array of values");
        }
        List<Value> variables = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            variables.add(ListTaskFormat.value(node.get(i), "trace: " + where + "[" + i + "]"));
        }
        return List.copyOf(variables);
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
