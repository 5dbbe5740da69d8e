package lasso.domain.c;

import lasso.domain.ProgramSyntaxException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits restricted-C text into lexemes with their line and column (comments and white space
 * skipped), or takes a model's token sequence, where digit tokens in a row form one number.
 */
final class CLexer {

    enum Kind { WORD, NAME, NUMBER, SYMBOL, END }

    /**
     * One lexeme and where it is: a line and column (from 1) in text, or a token index ({@code line}
     * is 0) in a token sequence.
     */
    record Lexeme(Kind kind, String text, int line, int column) {

        String where() {
            return line > 0 ? "line " + line + ", column " + column : "token " + column;
        }

        String shown() {
            return kind == Kind.END ? "the end of the program" : "'" + text + "'";
        }

        boolean is(String expected) {
            return kind != Kind.END && kind != Kind.NUMBER && text.equals(expected);
        }
    }

    /** Words: keywords, the list, and the function's name (header only). */
    static final Set<String> WORDS = Set.of("int", "for", "if", "else", "return", "continue", "break", "a", "func_1");
    private static final List<String> TWO_CHAR = List.of("++", "--", "+=", "-=", "==", "!=", "<=", ">=", "&&", "||");
    private static final String ONE_CHAR = "{}()[];=+-!<>*";
    private static final List<String> HEADER = List.of("int", "*", "func_1", "(", "int", "a", "[", "]", ")");

    private final String text;
    private int index;
    private int line = 1;
    private int column = 1;

    private CLexer(String text) {
        this.text = text;
    }

    /** The lexemes of program text, ending with an END lexeme. */
    static List<Lexeme> lex(String text) throws ProgramSyntaxException {
        return new CLexer(text).all();
    }

    /** The lexemes of a token sequence (each token one lexeme; digit tokens in a row one number). */
    static List<Lexeme> fromTokens(List<String> tokens) throws ProgramSyntaxException {
        List<Lexeme> lexemes = new ArrayList<>(tokens.size() + 1);
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            List<Lexeme> alone = token == null ? List.of() : new CLexer(token).quiet();
            if (alone.size() != 2 || !alone.get(0).text().equals(token)) {
                throw new ProgramSyntaxException("token " + i + ": '" + token + "' is not a token of restricted C");
            }
            Lexeme lexeme = alone.get(0);
            Lexeme previous = lexemes.isEmpty() ? null : lexemes.get(lexemes.size() - 1);
            if (lexeme.kind() == Kind.NUMBER && previous != null && previous.kind() == Kind.NUMBER) {
                String digits = previous.text() + lexeme.text();
                checkNumber(digits, previous.where());
                lexemes.set(lexemes.size() - 1, new Lexeme(Kind.NUMBER, digits, 0, previous.column()));
            } else {
                lexemes.add(new Lexeme(lexeme.kind(), lexeme.text(), 0, i));
            }
        }
        lexemes.add(new Lexeme(Kind.END, "", 0, tokens.size()));
        return lexemes;
    }

    /**
     * The canonical tokens of program text (the header dropped, numbers digit by digit, variables
     * renamed), without parsing it.
     */
    static List<String> tokenize(String text) throws ProgramSyntaxException {
        List<Lexeme> lexemes = lex(text);
        int start = headerLength(lexemes);
        List<String> tokens = new ArrayList<>();
        List<Lexeme> origins = new ArrayList<>();
        for (int i = start; i < lexemes.size() - 1; i++) {
            Lexeme lexeme = lexemes.get(i);
            if (lexeme.is("*") || lexeme.is("func_1")) {
                throw new ProgramSyntaxException(lexeme.where() + ": " + lexeme.shown()
                        + " belongs only in the header int * func_1(int a[])");
            }
            if (lexeme.kind() == Kind.NUMBER) {
                for (char digit : lexeme.text().toCharArray()) {
                    tokens.add(String.valueOf(digit));
                    origins.add(lexeme);
                }
            } else {
                tokens.add(lexeme.text());
                origins.add(lexeme);
            }
        }
        int excess = CTokens.firstExcessName(tokens);
        if (excess >= 0) {
            throw new ProgramSyntaxException(origins.get(excess).where() + ": " + CTokens.tooManyNames(tokens.get(excess)));
        }
        Map<String, String> names = CTokens.canonicalNames(tokens);
        return CTokens.rename(tokens, names);
    }

    /**
     * How many lexemes the optional header {@code int * func_1(int a[])} takes at the start (0 if
     * the text starts with the body).
     */
    static int headerLength(List<Lexeme> lexemes) throws ProgramSyntaxException {
        if (!lexemes.get(0).is("int")) {
            return 0;
        }
        for (int i = 0; i < HEADER.size(); i++) {
            Lexeme lexeme = lexemes.get(Math.min(i, lexemes.size() - 1));
            if (!lexeme.is(HEADER.get(i))) {
                throw new ProgramSyntaxException(lexeme.where() + ": expected the header int * func_1(int a[]) but found "
                        + lexeme.shown());
            }
        }
        return HEADER.size();
    }

    private List<Lexeme> all() throws ProgramSyntaxException {
        List<Lexeme> lexemes = new ArrayList<>();
        Lexeme lexeme;
        do {
            lexeme = next();
            lexemes.add(lexeme);
        } while (lexeme.kind() != Kind.END);
        return lexemes;
    }

    /** The lexemes of one token, or an empty list where it is not one. */
    private List<Lexeme> quiet() {
        try {
            return all();
        } catch (ProgramSyntaxException e) {
            return List.of();
        }
    }

    private Lexeme next() throws ProgramSyntaxException {
        skipSpaceAndComments();
        int startLine = line;
        int startColumn = column;
        if (index >= text.length()) {
            return new Lexeme(Kind.END, "", startLine, startColumn);
        }
        char c = text.charAt(index);
        String where = "line " + startLine + ", column " + startColumn;
        if (Character.isLetter(c) || c == '_') {
            int end = index;
            while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                end++;
            }
            String word = take(end);
            if (WORDS.contains(word)) {
                return new Lexeme(Kind.WORD, word, startLine, startColumn);
            }
            if (CNames.isVariable(word)) {
                return new Lexeme(Kind.NAME, word, startLine, startColumn);
            }
            throw new ProgramSyntaxException(where + ": unknown name '" + word
                    + "' (variables are named l_<n> or p_<n>, the list is a; no other C keyword is in the subset)");
        }
        if (Character.isDigit(c)) {
            int end = index;
            while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
                end++;
            }
            String number = take(end);
            checkNumber(number, where);
            return new Lexeme(Kind.NUMBER, number, startLine, startColumn);
        }
        for (String symbol : TWO_CHAR) {
            if (text.startsWith(symbol, index)) {
                take(index + 2);
                return new Lexeme(Kind.SYMBOL, symbol, startLine, startColumn);
            }
        }
        if (ONE_CHAR.indexOf(c) >= 0) {
            return new Lexeme(Kind.SYMBOL, take(index + 1), startLine, startColumn);
        }
        throw new ProgramSyntaxException(where + ": unexpected character '" + c + "'");
    }

    private static void checkNumber(String number, String where) throws ProgramSyntaxException {
        for (char digit : number.toCharArray()) {
            if (!Character.isDigit(digit) || digit > '9') {
                throw new ProgramSyntaxException(where + ": '" + number + "' is not a decimal int constant");
            }
        }
        if (number.length() > 1 && number.charAt(0) == '0') {
            throw new ProgramSyntaxException(where + ": '" + number + "' has a leading zero (C would read it as octal)");
        }
        if (number.length() > 10 || Long.parseLong(number) > Integer.MAX_VALUE) {
            throw new ProgramSyntaxException(where + ": constant " + number + " does not fit in an int");
        }
    }

    private String take(int end) {
        String taken = text.substring(index, end);
        column += end - index;
        index = end;
        return taken;
    }

    private void skipSpaceAndComments() throws ProgramSyntaxException {
        while (index < text.length()) {
            char c = text.charAt(index);
            if (c == '\n') {
                index++;
                line++;
                column = 1;
            } else if (Character.isWhitespace(c)) {
                index++;
                column++;
            } else if (text.startsWith("//", index)) {
                while (index < text.length() && text.charAt(index) != '\n') {
                    index++;
                }
            } else if (text.startsWith("/*", index)) {
                int end = text.indexOf("*/", index + 2);
                if (end < 0) {
                    throw new ProgramSyntaxException("line " + line + ", column " + column + ": unterminated comment");
                }
                while (index < end + 2) {
                    if (text.charAt(index) == '\n') {
                        line++;
                        column = 1;
                    } else {
                        column++;
                    }
                    index++;
                }
            } else {
                return;
            }
        }
    }
}
