package lasso.domain.karel;

import lasso.domain.ProgramSyntaxException;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the data set's token grammar (karel.md §1.3) exactly: non-empty blocks, {@code IFELSE} with
 * its own keyword, counts {@code R=2..R=10}, at most one {@code not c( … c)}. Errors name the token
 * index (and, for text, the line and column) and what was expected there.
 */
public final class KarelParser {

    private static final String STATEMENT = "a statement (move, turnLeft, turnRight, pickMarker, putMarker, "
            + "REPEAT, WHILE, IF or IFELSE)";
    private static final String TEST = "a test (frontIsClear, leftIsClear, rightIsClear, markersPresent, "
            + "noMarkersPresent)";

    private final int[] ids;
    /** Where each token starts in the text (line, column), or null for token input. */
    private final int[][] positions;
    private int at;
    private int nesting;

    private KarelParser(int[] ids, int[][] positions) {
        this.ids = ids;
        this.positions = positions;
    }

    /** Parses token ids of {@link KarelVocabulary}. */
    public static KarelProgram parse(int[] ids) throws ProgramSyntaxException {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= KarelVocabulary.SIZE) {
                throw new ProgramSyntaxException("token " + i + ": id " + ids[i] + " is not in the Karel vocabulary");
            }
        }
        return new KarelParser(ids, null).program();
    }

    /** Parses a token sequence such as the data set's {@code program_tokens}. */
    public static KarelProgram parse(List<String> tokens) throws ProgramSyntaxException {
        return new KarelParser(ids(tokens, null), null).program();
    }

    /** Parses program text: tokens separated by white space, on any number of lines. */
    public static KarelProgram parseText(String text) throws ProgramSyntaxException {
        List<String> tokens = new ArrayList<>();
        List<int[]> positions = new ArrayList<>();
        split(text, tokens, positions);
        int[][] where = positions.toArray(new int[0][]);
        return new KarelParser(ids(tokens, where), where).program();
    }

    /** Splits program text into tokens and checks that each is in the vocabulary. */
    public static List<String> tokenize(String text) throws ProgramSyntaxException {
        List<String> tokens = new ArrayList<>();
        List<int[]> positions = new ArrayList<>();
        split(text, tokens, positions);
        ids(tokens, positions.toArray(new int[0][]));
        return tokens;
    }

    private static void split(String text, List<String> tokens, List<int[]> positions) {
        int line = 1;
        int column = 1;
        int start = -1;
        int startColumn = 0;
        for (int i = 0; i <= text.length(); i++) {
            char ch = i < text.length() ? text.charAt(i) : ' ';
            if (Character.isWhitespace(ch)) {
                if (start >= 0) {
                    tokens.add(text.substring(start, i));
                    positions.add(new int[] {line, startColumn});
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
                startColumn = column;
            }
            if (ch == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
    }

    private static int[] ids(List<String> tokens, int[][] positions) throws ProgramSyntaxException {
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            String token = tokens.get(i);
            ids[i] = token == null ? -1 : KarelVocabulary.VOCABULARY.id(token);
            if (ids[i] < 0) {
                throw new ProgramSyntaxException(where(i, token, positions) + ": unknown token (not in the Karel vocabulary)");
            }
        }
        return ids;
    }

    private static String where(int index, String token, int[][] positions) {
        String text = "token " + index + " '" + token + "'";
        if (positions != null && index < positions.length) {
            text += " (line " + positions[index][0] + ", column " + positions[index][1] + ")";
        }
        return text;
    }

    private KarelProgram program() throws ProgramSyntaxException {
        if (ids.length == 0) {
            throw new ProgramSyntaxException("empty program: expected 'DEF'");
        }
        expect(KarelVocabulary.DEF, "'DEF'");
        expect(KarelVocabulary.RUN, "'run' after 'DEF'");
        int open = at;
        expect(KarelVocabulary.M_OPEN, "'m(' after 'DEF run'");
        List<Statement> body = block(KarelVocabulary.M_CLOSE, open);
        if (at < ids.length) {
            throw error("nothing after the program's closing 'm)' at token " + (at - 1));
        }
        return new KarelProgram(body);
    }

    /** Statements up to the closing bracket {@code close} of the bracket opened at token {@code open}. */
    private List<Statement> block(int close, int open) throws ProgramSyntaxException {
        if (++nesting > KarelProgram.MAX_NESTING) {
            throw error("blocks nested deeper than " + KarelProgram.MAX_NESTING);
        }
        String closing = "'" + KarelVocabulary.token(close) + "' to close '" + KarelVocabulary.token(ids[open])
                + "' at token " + open;
        List<Statement> statements = new ArrayList<>();
        while (true) {
            if (at >= ids.length) {
                throw error(statements.isEmpty() ? STATEMENT : STATEMENT + " or " + closing);
            }
            if (ids[at] == close) {
                if (statements.isEmpty()) {
                    throw error(STATEMENT + " (a block must not be empty)");
                }
                at++;
                nesting--;
                return statements;
            }
            statements.add(statement(closing));
        }
    }

    private Statement statement(String closing) throws ProgramSyntaxException {
        int id = ids[at];
        if (id >= KarelVocabulary.FIRST_ACTION && id < KarelVocabulary.FIRST_ACTION + 5) {
            at++;
            return Action.of(id - KarelVocabulary.FIRST_ACTION);
        }
        switch (id) {
            case KarelVocabulary.REPEAT -> {
                at++;
                if (at >= ids.length || ids[at] < KarelVocabulary.R_2) {
                    throw error("a repeat count (R=2 .. R=10) after 'REPEAT'");
                }
                int times = ids[at] - KarelVocabulary.R_2 + 2;
                at++;
                int open = at;
                expect(KarelVocabulary.R_OPEN, "'r(' after the repeat count");
                return new Statement.Repeat(times, block(KarelVocabulary.R_CLOSE, open));
            }
            case KarelVocabulary.WHILE -> {
                at++;
                Condition condition = condition("WHILE");
                int open = at;
                expect(KarelVocabulary.W_OPEN, "'w(' after the while condition");
                return new Statement.While(condition, block(KarelVocabulary.W_CLOSE, open));
            }
            case KarelVocabulary.IF -> {
                at++;
                Condition condition = condition("IF");
                int open = at;
                expect(KarelVocabulary.I_OPEN, "'i(' after the if condition");
                return new Statement.If(condition, block(KarelVocabulary.I_CLOSE, open));
            }
            case KarelVocabulary.IFELSE -> {
                at++;
                Condition condition = condition("IFELSE");
                int open = at;
                expect(KarelVocabulary.I_OPEN, "'i(' after the ifelse condition");
                List<Statement> thenBody = block(KarelVocabulary.I_CLOSE, open);
                expect(KarelVocabulary.ELSE, "'ELSE' after the ifelse's 'i( … i)'");
                open = at;
                expect(KarelVocabulary.E_OPEN, "'e(' after 'ELSE'");
                return new Statement.IfElse(condition, thenBody, block(KarelVocabulary.E_CLOSE, open));
            }
            default -> throw error(STATEMENT + " or " + closing);
        }
    }

    /** {@code c( test c)} or {@code c( not c( test c) c)}. */
    private Condition condition(String keyword) throws ProgramSyntaxException {
        expect(KarelVocabulary.C_OPEN, "'c(' after '" + keyword + "'");
        boolean negated = false;
        if (at < ids.length && ids[at] == KarelVocabulary.NOT) {
            negated = true;
            at++;
            expect(KarelVocabulary.C_OPEN, "'c(' after 'not'");
        }
        if (at >= ids.length || ids[at] < KarelVocabulary.FIRST_SENSOR || ids[at] >= KarelVocabulary.NOT) {
            throw error(negated ? TEST : TEST + " or 'not'");
        }
        Sensor sensor = Sensor.of(ids[at] - KarelVocabulary.FIRST_SENSOR);
        at++;
        if (negated) {
            expect(KarelVocabulary.C_CLOSE, "'c)' after the negated test");
        }
        expect(KarelVocabulary.C_CLOSE, "'c)' to close the condition");
        return new Condition(sensor, negated);
    }

    private void expect(int id, String what) throws ProgramSyntaxException {
        if (at >= ids.length || ids[at] != id) {
            throw error(what);
        }
        at++;
    }

    private ProgramSyntaxException error(String expected) {
        if (at >= ids.length) {
            return new ProgramSyntaxException("unexpected end of program after token " + (ids.length - 1)
                    + ": expected " + expected);
        }
        String found = where(at, KarelVocabulary.token(ids[at]), positions);
        return new ProgramSyntaxException(found + ": expected " + expected);
    }
}
