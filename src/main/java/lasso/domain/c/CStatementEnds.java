package lasso.domain.c;

import lasso.domain.ProgramSyntaxException;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the statements of a restricted-C body end as its tokens are read one by one, and the program
 * made of the statements completed so far: what a latent executor should have executed after a
 * prefix of a program (LaSynth's Î_t; the executor probe and the intermediate-state loss of issue 14).
 *
 * <p>A statement ends at a {@code ;} outside parentheses (a {@code for} header's are inside) and at a
 * {@code }} that closes a block other than the body. The program after a prefix is the prefix cut
 * after its last statement end, with every block still open closed and {@code return a; }} appended.
 * It always parses: a closed block is a whole statement wherever a statement was awaited, so an
 * {@code if} or {@code for} around it is whole too. A loop cut inside its body runs with the body's
 * completed statements only; an {@code if} cut before its {@code else} runs without the else branch.
 */
public final class CStatementEnds {

    private static final List<String> RETURN = List.of("return", "a", ";", "}");

    private CStatementEnds() {
    }

    /** Reads tokens one at a time; {@link #read} says whether a token ends a statement. */
    public static final class Reader {
        private int parentheses;
        private int braces;
        private boolean starting = true;
        private boolean declaring;
        private boolean declared;

        public Reader() {
        }

        private Reader(Reader other) {
            this.parentheses = other.parentheses;
            this.braces = other.braces;
            this.starting = other.starting;
            this.declaring = other.declaring;
            this.declared = other.declared;
        }

        /** Reads the next token; true when it ends a statement. */
        public boolean read(String token) {
            boolean start = starting;
            starting = false;
            switch (token) {
                case "(" -> parentheses++;
                case ")" -> parentheses--;
                case "{" -> {
                    braces++;
                    starting = true;
                }
                case "}" -> {
                    braces--;
                    return end(braces > 0);
                }
                case ";" -> {
                    return end(parentheses == 0);
                }
                case "int" -> declaring |= start && parentheses == 0;
                default -> {
                }
            }
            return false;
        }

        private boolean end(boolean ends) {
            if (ends) {
                declared = declaring;
                declaring = false;
                starting = true;
            }
            return ends;
        }

        /** Whether the statement that the last token read ended is a declaration (it changes no list value). */
        public boolean declaration() {
            return declared;
        }

        /** Blocks open after the tokens read, the body included. */
        int openBlocks() {
            return braces;
        }

        public Reader copy() {
            return new Reader(this);
        }
    }

    /** Whether each token ends a statement. */
    public static boolean[] ends(List<String> tokens) {
        boolean[] ends = new boolean[tokens.size()];
        Reader reader = new Reader();
        for (int i = 0; i < ends.length; i++) {
            ends[i] = reader.read(tokens.get(i));
        }
        return ends;
    }

    /**
     * The program of the statements that the first {@code length} tokens of a body complete.
     *
     * @throws IllegalArgumentException when the tokens are not the start of a body
     */
    public static CProgram completed(List<String> tokens, int length) {
        List<String> cut = new ArrayList<>();
        cut.add("{");
        Reader reader = new Reader();
        int open = 1;
        if (length > 0) {
            if (!"{".equals(tokens.get(0))) {
                throw new IllegalArgumentException("a body starts with '{', not '" + tokens.get(0) + "'");
            }
            reader.read("{");
            int end = 0;
            for (int i = 1; i < length; i++) {
                if (reader.read(tokens.get(i))) {
                    end = i;
                    open = reader.openBlocks();
                }
            }
            cut.addAll(tokens.subList(1, end + 1));
        }
        boolean returned = open == 1 && cut.size() >= 4 && cut.subList(cut.size() - 3, cut.size())
                .equals(RETURN.subList(0, 3));
        for (int i = 1; i < open; i++) {
            cut.add("}");
        }
        cut.addAll(returned ? RETURN.subList(3, 4) : RETURN);
        try {
            return CParser.parse(CLexer.fromTokens(cut));
        } catch (ProgramSyntaxException e) {
            throw new IllegalArgumentException("the completed statements of " + tokens.subList(0, length)
                    + " do not parse: " + e.getMessage(), e);
        }
    }
}
