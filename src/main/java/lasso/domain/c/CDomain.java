package lasso.domain.c;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.domain.InvalidTaskException;
import lasso.domain.Mutator;
import lasso.domain.Outcome;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.TaskFormat;
import lasso.domain.TaskGenerator;
import lasso.domain.Trace;
import lasso.domain.TraceJson;
import lasso.domain.Vocabulary;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LaSynth's restricted C: {@code int * func_1(int a[])} functions that change a list of 5 ints in
 * place with int variables, {@code +}/{@code -}, comparisons, {@code if} and {@code for}.
 */
public final class CDomain implements Domain<CProgram, CArray, CArray> {

    private static final TraceJson<CState, CArray> TRACE_JSON = new TraceJson<>(CDomain::writeState,
            CDomain::readState, CTaskFormat::array, (node, where) -> CTaskFormat.list(node, "trace: " + where));

    private final CTaskFormat taskFormat = new CTaskFormat(this);
    private final CMutator mutator = new CMutator();

    @Override
    public String name() {
        return "c";
    }

    @Override
    public Vocabulary vocabulary() {
        return CTokens.VOCABULARY;
    }

    @Override
    public List<String> tokenize(String text) throws ProgramSyntaxException {
        return CLexer.tokenize(text);
    }

    @Override
    public CProgram parse(List<String> tokens) throws ProgramSyntaxException {
        return CParser.parse(CLexer.fromTokens(tokens));
    }

    /** Parses program text (with or without the header); errors name a line and column. */
    @Override
    public CProgram parse(String text) throws ProgramSyntaxException {
        return CParser.parse(CLexer.lex(text));
    }

    @Override
    public List<String> tokens(CProgram program) {
        return program.tokens();
    }

    @Override
    public String print(CProgram program) {
        return program.print();
    }

    @Override
    public Outcome<CArray> run(CProgram program, CArray input) {
        return CInterpreter.run(program, input);
    }

    @Override
    public Trace<CState> trace(CProgram program, CArray input) {
        return CInterpreter.trace(program, input);
    }

    @Override
    @SuppressWarnings("unchecked")
    public JsonNode writeTrace(Trace<?> trace) {
        return TRACE_JSON.write((Trace<CState>) trace);
    }

    @Override
    public Trace<CState> readTrace(JsonNode json) throws InvalidTaskException {
        return TRACE_JSON.read(json);
    }

    /** A state as {"list": [5 ints], "variables": {"l_0": 3, …}}. */
    private static JsonNode writeState(CState state) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set("list", CTaskFormat.array(state.list()));
        ObjectNode variables = json.putObject("variables");
        state.variables().forEach(variables::put);
        return json;
    }

    private static CState readState(JsonNode node, String where) throws InvalidTaskException {
        JsonNode variables = node == null ? null : node.get("variables");
        if (variables == null || !variables.isObject()) {
            throw new InvalidTaskException("trace: " + where + ".variables must be an object");
        }
        Map<String, Integer> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> variable = it.next();
            if (!variable.getValue().isInt()) {
                throw new InvalidTaskException("trace: " + where + ".variables." + variable.getKey() + " must be an int");
            }
            values.put(variable.getKey(), variable.getValue().intValue());
        }
        return new CState(CTaskFormat.list(node.get("list"), "trace: " + where + ".list"), values);
    }

    /**
     * The list positions that some given example changes (its output differs from its input there):
     * how much a program does, as its examples show it.
     */
    public static int changedPositions(List<Example<CArray, CArray>> examples) {
        int changed = 0;
        for (int i = 0; i < CArray.LENGTH; i++) {
            for (Example<CArray, CArray> example : examples) {
                if (!example.heldout() && example.output() != null && example.output().get(i) != example.input().get(i)) {
                    changed++;
                    break;
                }
            }
        }
        return changed;
    }

    /**
     * Options: min-statements, max-statements, max-depth, max-locals, value-range, for-probability,
     * max-tokens, given, heldout, min-changed-positions.
     */
    @Override
    public TaskGenerator<CProgram, CArray, CArray> generator(Map<String, String> options) {
        return CTaskGenerator.fromOptions(options);
    }

    @Override
    public Mutator<CProgram> mutator() {
        return mutator;
    }

    @Override
    public TaskFormat<CArray, CArray> taskFormat() {
        return taskFormat;
    }
}
