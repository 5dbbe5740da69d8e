package lasso.domain.c;

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
 * LaSynth's restricted C: {@code int * func_1(int a[])} functions that change a list of 5 ints in
 * place with int variables, {@code +}/{@code -}, comparisons, {@code if} and {@code for}.
 */
public final class CDomain implements Domain<CProgram, CArray, CArray> {

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

    /** Options: max-statements, max-depth, max-locals, value-range, for-probability, max-tokens, given, heldout. */
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
