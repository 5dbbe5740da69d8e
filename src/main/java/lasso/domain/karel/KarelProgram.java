package lasso.domain.karel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed Karel program: {@code DEF run m( body m)}. An immutable value; two programs are equal when
 * their token sequences are. Its compiled form is built once, on first use, and shared by every run.
 */
public final class KarelProgram {

    /** Programs nested deeper than this are refused, so that no recursion over them can overflow. */
    public static final int MAX_NESTING = 100;

    private final List<Statement> body;
    private final int hash;
    /** Lazily compiled; {@link KarelCode} has only final fields, so a racy publication is safe. */
    private KarelCode code;

    public KarelProgram(List<Statement> body) {
        if (body == null || body.isEmpty()) {
            throw new IllegalArgumentException("a program's body must not be empty");
        }
        this.body = List.copyOf(body);
        if (depth(this.body) > MAX_NESTING) {
            throw new IllegalArgumentException("a program must not nest deeper than " + MAX_NESTING);
        }
        this.hash = this.body.hashCode();
    }

    public static KarelProgram of(Statement... statements) {
        return new KarelProgram(List.of(statements));
    }

    public List<Statement> body() {
        return body;
    }

    /** The compiled form that {@link KarelMachine} runs. */
    KarelCode code() {
        KarelCode compiled = code;
        if (compiled == null) {
            compiled = KarelCode.compile(this);
            code = compiled;
        }
        return compiled;
    }

    /** The token ids ({@link KarelVocabulary}) of the canonical token sequence. */
    public int[] tokenIds() {
        return Arrays.copyOf(code().tokens, code().tokens.length);
    }

    /** The canonical token sequence, as in the data set's {@code program_tokens}. */
    public List<String> tokens() {
        int[] ids = code().tokens;
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            tokens.add(KarelVocabulary.token(id));
        }
        return tokens;
    }

    /** The number of tokens, {@code DEF run m(} and {@code m)} included. */
    public int size() {
        return code().tokens.length;
    }

    /** The number of statements, nested ones included. */
    public int statementCount() {
        return count(body);
    }

    /** Nesting depth: 0 for straight-line code, 1 if some compound statement holds only actions, … */
    public int depth() {
        return depth(body);
    }

    static int depth(List<Statement> block) {
        int depth = 0;
        for (Statement statement : block) {
            int inner = 0;
            for (List<Statement> child : Statements.blocks(statement)) {
                inner = Math.max(inner, 1 + depth(child));
            }
            depth = Math.max(depth, inner);
        }
        return depth;
    }

    private static int count(List<Statement> block) {
        int count = 0;
        for (Statement statement : block) {
            count++;
            for (List<Statement> child : Statements.blocks(statement)) {
                count += count(child);
            }
        }
        return count;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KarelProgram program && hash == program.hash && body.equals(program.body);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The program text: its tokens separated by single spaces. */
    @Override
    public String toString() {
        return String.join(" ", tokens());
    }

    /** Indented text for people, one statement per line. */
    public String pretty() {
        StringBuilder text = new StringBuilder("DEF run m(\n");
        pretty(body, 1, text);
        return text.append("m)").toString();
    }

    private static void pretty(List<Statement> block, int indent, StringBuilder text) {
        String pad = "  ".repeat(indent);
        for (Statement statement : block) {
            if (statement instanceof Action action) {
                text.append(pad).append(action.token()).append('\n');
            } else if (statement instanceof Statement.Repeat repeat) {
                text.append(pad).append("REPEAT R=").append(repeat.times()).append(" r(\n");
                pretty(repeat.body(), indent + 1, text);
                text.append(pad).append("r)\n");
            } else if (statement instanceof Statement.While loop) {
                text.append(pad).append("WHILE c( ").append(loop.condition()).append(" c) w(\n");
                pretty(loop.body(), indent + 1, text);
                text.append(pad).append("w)\n");
            } else if (statement instanceof Statement.If branch) {
                text.append(pad).append("IF c( ").append(branch.condition()).append(" c) i(\n");
                pretty(branch.body(), indent + 1, text);
                text.append(pad).append("i)\n");
            } else if (statement instanceof Statement.IfElse branch) {
                text.append(pad).append("IFELSE c( ").append(branch.condition()).append(" c) i(\n");
                pretty(branch.thenBody(), indent + 1, text);
                text.append(pad).append("i) ELSE e(\n");
                pretty(branch.elseBody(), indent + 1, text);
                text.append(pad).append("e)\n");
            }
        }
    }
}
