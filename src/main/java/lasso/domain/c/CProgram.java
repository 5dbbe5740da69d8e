package lasso.domain.c;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A checked restricted-C program: its syntax tree (with the names as written), its canonical tokens
 * and its compiled form. Two programs are equal when their canonical tokens are: the same text up to
 * a consistent renaming of the variables.
 */
public final class CProgram {

    private final CStmt.Block body;
    private final List<String> tokens;
    private final Map<String, String> canonicalNames;
    private final CCode code;
    private volatile CCode tracedCode;

    private CProgram(CStmt.Block body, List<String> tokens, Map<String, String> canonicalNames, CCode code) {
        this.body = body;
        this.tokens = tokens;
        this.canonicalNames = canonicalNames;
        this.code = code;
    }

    /**
     * The program with this body (the statements between the braces, ending with {@code return a;}).
     *
     * @throws IllegalArgumentException naming what makes it invalid C of the subset
     */
    public static CProgram of(CStmt.Block body) {
        try {
            return checked(body);
        } catch (InvalidProgramException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The program made of these statements (the caller ends them with {@code return a;}). */
    public static CProgram of(List<CStmt> statements) {
        return of(new CStmt.Block(statements));
    }

    static CProgram checked(CStmt.Block body) throws InvalidProgramException {
        CCode code = CCompiler.compile(body);
        List<String> written = CTokens.write(body).tokens();
        Map<String, String> names;
        try {
            names = CTokens.canonicalNames(written);
        } catch (IllegalArgumentException e) {
            throw new InvalidProgramException(body, e.getMessage());
        }
        return new CProgram(body, CTokens.rename(written, names), Map.copyOf(names), code);
    }

    public CStmt.Block body() {
        return body;
    }

    /** The canonical tokens of the body, from {@code {} to {@code }}. */
    public List<String> tokens() {
        return tokens;
    }

    /** Readable C, header included. */
    public String print() {
        return CPrinter.print(body);
    }

    /** The canonical names of the variables that some {@code for} loop counts with (sets in its init). */
    Set<String> loopCounters() {
        Set<String> counters = new HashSet<>();
        collectCounters(body, counters);
        return counters;
    }

    private void collectCounters(CStmt statement, Set<String> counters) {
        if (statement instanceof CStmt.Block b) {
            b.statements().forEach(s -> collectCounters(s, counters));
        } else if (statement instanceof CStmt.If s) {
            collectCounters(s.then(), counters);
            if (s.otherwise() != null) {
                collectCounters(s.otherwise(), counters);
            }
        } else if (statement instanceof CStmt.For s) {
            if (s.init() instanceof CStmt.Decl d) {
                counters.add(canonicalNames.get(d.name()));
            } else if (s.init() instanceof CStmt.Assign a && a.target() instanceof CExpr.Var v) {
                counters.add(canonicalNames.get(v.name()));
            }
            collectCounters(s.body(), counters);
        }
    }

    CCode code() {
        return code;
    }

    /** The compiled form with trace events, made on first use. */
    CCode tracedCode() {
        CCode traced = tracedCode;
        if (traced == null) {
            traced = CCompiler.compileTraced(body, CTokens.write(body).spans(), canonicalNames);
            tracedCode = traced;
        }
        return traced;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CProgram that && tokens.equals(that.tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return print();
    }
}
