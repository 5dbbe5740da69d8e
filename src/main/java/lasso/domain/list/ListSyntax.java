package lasso.domain.list;

import lasso.domain.ProgramSyntaxException;
import lasso.domain.TokenSpan;
import lasso.domain.Vocabulary;

import java.util.ArrayList;
import java.util.List;

/**
 * The two program formats of deepcoder.md §1.4 and the canonical token form.
 *
 * <ul>
 *   <li>Prefix form (dkamm, PCCoder): {@code LIST|LIST|COUNT,>0,0|ZIPWITH,+,1,0|ACCESS,2,3}, inputs'
 *       types first, then one {@code FUNCTION[,LAMBDA],ARG...} per statement, arguments being
 *       variable numbers.</li>
 *   <li>Microsoft text form: one statement per line (or separated by {@code |}), variables a, b, c…:
 *       {@code a <- [int]}, {@code b <- int}, {@code c <- TAKE b a}, {@code d <- COUNT isEVEN c}.</li>
 *   <li>Tokens: the prefix form split at {@code |} and {@code ,}, keeping {@code |}:
 *       {@code LIST | LIST | COUNT >0 0 | ...}.</li>
 * </ul>
 */
public final class ListSyntax {

    public static final String SEPARATOR = "|";

    /** Types, separator, the 34 attribute names, then the variable numbers. */
    public static final Vocabulary VOCABULARY = vocabulary();

    /** The text formats. */
    public enum Format {
        DKAMM, MS;

        /** The format's name in task files ({@code dkamm}, {@code ms}). */
        public String key() {
            return name().toLowerCase();
        }

        public static Format fromKey(String key) {
            for (Format format : values()) {
                if (format.key().equals(key)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("unknown program format '" + key + "' (known: dkamm, ms)");
        }

        /** The Microsoft form has {@code <-}; everything else is read as the prefix form. */
        public static Format detect(String text) {
            return text.contains("<-") ? MS : DKAMM;
        }
    }

    private ListSyntax() {
    }

    private static Vocabulary vocabulary() {
        List<String> tokens = new ArrayList<>();
        tokens.add(Type.LIST.prefixName());
        tokens.add(Type.INT.prefixName());
        tokens.add(SEPARATOR);
        for (Attribute attribute : Attribute.values()) {
            tokens.add(attribute.prefixName());
        }
        for (int v = 0; v < ListProgram.MAX_VARIABLES; v++) {
            tokens.add(Integer.toString(v));
        }
        return new Vocabulary(tokens);
    }

    /** Splits text of either format (detected) into canonical tokens. */
    public static List<String> tokenize(String text) throws ProgramSyntaxException {
        return tokenize(text, Format.detect(text));
    }

    public static List<String> tokenize(String text, Format format) throws ProgramSyntaxException {
        return format == Format.MS ? tokenizeMs(text) : tokenizePrefix(text);
    }

    private static List<String> tokenizePrefix(String text) throws ProgramSyntaxException {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new ProgramSyntaxException("empty program");
        }
        List<String> tokens = new ArrayList<>();
        String[] segments = trimmed.split("\\|", -1);
        int column = 1;
        for (int s = 0; s < segments.length; s++) {
            String segment = segments[s];
            if (segment.isBlank()) {
                throw new ProgramSyntaxException("column " + column + ": empty part between '|' separators");
            }
            if (s > 0) {
                tokens.add(SEPARATOR);
            }
            for (String part : segment.split(",", -1)) {
                String token = part.strip();
                if (token.isEmpty()) {
                    throw new ProgramSyntaxException("column " + column + ": empty item in '" + segment.strip() + "'");
                }
                tokens.add(token);
            }
            column += segment.length() + 1;
        }
        return tokens;
    }

    private static List<String> tokenizeMs(String text) throws ProgramSyntaxException {
        List<String> tokens = new ArrayList<>();
        String[] lines = text.strip().split("\\s*(\\n|\\|)\\s*");
        for (int l = 0; l < lines.length; l++) {
            String line = lines[l].strip();
            String where = "line " + (l + 1) + " ('" + line + "'): ";
            int arrow = line.indexOf("<-");
            if (arrow < 0) {
                throw new ProgramSyntaxException(where + "expected 'x <- ...'");
            }
            String name = line.substring(0, arrow).strip();
            String expectedName = variableName(l);
            if (!name.equals(expectedName)) {
                throw new ProgramSyntaxException(where + "variable " + (l + 1) + " must be named '" + expectedName
                        + "', not '" + name + "'");
            }
            String[] words = line.substring(arrow + 2).strip().split("\\s+");
            if (l > 0) {
                tokens.add(SEPARATOR);
            }
            if (words.length == 1 && words[0].equals(Type.LIST.msName())) {
                tokens.add(Type.LIST.prefixName());
                continue;
            }
            if (words.length == 1 && words[0].equals(Type.INT.msName())) {
                tokens.add(Type.INT.prefixName());
                continue;
            }
            Attribute function = Attribute.byMsName(words[0]);
            if (function == null || function.kind().isLambda()) {
                throw new ProgramSyntaxException(where + "unknown function '" + words[0] + "'");
            }
            tokens.add(function.prefixName());
            int next = 1;
            if (Operator.takesLambda(function)) {
                Attribute lambda = words.length > 1 ? Attribute.byMsName(words[1]) : null;
                if (lambda == null || !lambda.kind().isLambda()) {
                    throw new ProgramSyntaxException(where + function.msName() + " needs a lambda, got '"
                            + (words.length > 1 ? words[1] : "") + "'");
                }
                tokens.add(lambda.prefixName());
                next = 2;
            }
            for (int w = next; w < words.length; w++) {
                String word = words[w];
                if (word.length() != 1 || word.charAt(0) < 'a' || word.charAt(0) > 'z') {
                    throw new ProgramSyntaxException(where + "'" + word + "' is not a variable name (a..z)");
                }
                tokens.add(Integer.toString(word.charAt(0) - 'a'));
            }
        }
        return tokens;
    }

    /** Parses canonical tokens; the message names the offending token's index. */
    public static ListProgram parse(List<String> tokens) throws ProgramSyntaxException {
        if (tokens.isEmpty()) {
            throw new ProgramSyntaxException("empty program");
        }
        List<Type> inputs = new ArrayList<>();
        List<Statement> statements = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            int start = i;
            int end = i;
            while (end < tokens.size() && !tokens.get(end).equals(SEPARATOR)) {
                end++;
            }
            if (end == start) {
                throw new ProgramSyntaxException("token " + start + ": expected a type or a function, got '"
                        + (start < tokens.size() ? tokens.get(start) : "") + "'");
            }
            String head = tokens.get(start);
            if (head.equals(Type.LIST.prefixName()) || head.equals(Type.INT.prefixName())) {
                if (!statements.isEmpty()) {
                    throw new ProgramSyntaxException("token " + start + ": input type '" + head
                            + "' after the first statement");
                }
                if (end - start != 1) {
                    throw new ProgramSyntaxException("token " + (start + 1) + ": unexpected '" + tokens.get(start + 1)
                            + "' after input type " + head);
                }
                inputs.add(head.equals(Type.LIST.prefixName()) ? Type.LIST : Type.INT);
            } else {
                statements.add(statement(tokens, start, end, inputs.size() + statements.size()));
            }
            i = end + 1;
            if (end == tokens.size() - 1) {
                throw new ProgramSyntaxException("token " + end + ": the program ends with '|'");
            }
        }
        try {
            return new ListProgram(inputs, statements);
        } catch (IllegalArgumentException e) {
            throw new ProgramSyntaxException(e.getMessage());
        }
    }

    private static Statement statement(List<String> tokens, int start, int end, int defined)
            throws ProgramSyntaxException {
        Attribute function = Attribute.byPrefixName(tokens.get(start));
        if (function == null || function.kind().isLambda()) {
            throw new ProgramSyntaxException("token " + start + ": unknown function '" + tokens.get(start) + "'");
        }
        int next = start + 1;
        Attribute lambda = null;
        if (Operator.takesLambda(function)) {
            lambda = next < end ? Attribute.byPrefixName(tokens.get(next)) : null;
            if (lambda == null || lambda.kind() != Operator.lambdaKind(function)) {
                throw new ProgramSyntaxException("token " + next + ": " + function.prefixName() + " needs a "
                        + Operator.lambdaKind(function).name().toLowerCase().replace('_', '-') + " lambda, got '"
                        + (next < end ? tokens.get(next) : "") + "'");
            }
            next++;
        }
        Operator operator = Operator.of(function, lambda);
        List<Integer> arguments = new ArrayList<>();
        for (int t = next; t < end; t++) {
            String token = tokens.get(t);
            int variable;
            try {
                variable = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw new ProgramSyntaxException("token " + t + ": expected a variable number, got '" + token + "'");
            }
            if (variable < 0 || variable >= defined) {
                throw new ProgramSyntaxException("token " + t + ": variable " + variable + " is not defined before "
                        + "this statement (" + defined + " variables so far)");
            }
            arguments.add(variable);
        }
        if (arguments.size() != operator.arity()) {
            throw new ProgramSyntaxException("token " + start + ": " + function.prefixName() + " takes "
                    + operator.arity() + " arguments, got " + arguments.size());
        }
        return new Statement(operator, arguments);
    }

    /** The canonical tokens of a program. */
    public static List<String> tokens(ListProgram program) {
        List<String> tokens = new ArrayList<>();
        for (Type input : program.inputs()) {
            if (!tokens.isEmpty()) {
                tokens.add(SEPARATOR);
            }
            tokens.add(input.prefixName());
        }
        for (Statement statement : program.statements()) {
            tokens.add(SEPARATOR);
            tokens.add(statement.operator().function().prefixName());
            if (statement.operator().lambda() != null) {
                tokens.add(statement.operator().lambda().prefixName());
            }
            for (int argument : statement.arguments()) {
                tokens.add(Integer.toString(argument));
            }
        }
        return tokens;
    }

    /** The token span of each statement in {@link #tokens}. */
    public static List<TokenSpan> statementSpans(ListProgram program) {
        List<TokenSpan> spans = new ArrayList<>();
        int position = program.inputs().size() * 2 - 1;
        for (Statement statement : program.statements()) {
            int first = position + 1;
            int length = 1 + (statement.operator().lambda() == null ? 0 : 1) + statement.operator().arity();
            spans.add(new TokenSpan(first, first + length - 1));
            position = first + length;
        }
        return spans;
    }

    /** The prefix form. */
    public static String printPrefix(ListProgram program) {
        StringBuilder text = new StringBuilder();
        for (Type input : program.inputs()) {
            if (text.length() > 0) {
                text.append('|');
            }
            text.append(input.prefixName());
        }
        for (Statement statement : program.statements()) {
            text.append('|').append(statement.operator().function().prefixName());
            if (statement.operator().lambda() != null) {
                text.append(',').append(statement.operator().lambda().prefixName());
            }
            for (int argument : statement.arguments()) {
                text.append(',').append(argument);
            }
        }
        return text.toString();
    }

    /** The Microsoft text form, one statement per line. */
    public static String printMs(ListProgram program) {
        List<String> lines = new ArrayList<>();
        int v = 0;
        for (Type input : program.inputs()) {
            lines.add(variableName(v++) + " <- " + input.msName());
        }
        for (Statement statement : program.statements()) {
            StringBuilder line = new StringBuilder(variableName(v++)).append(" <- ")
                    .append(statement.operator().function().msName());
            if (statement.operator().lambda() != null) {
                line.append(' ').append(statement.operator().lambda().msName());
            }
            for (int argument : statement.arguments()) {
                line.append(' ').append(variableName(argument));
            }
            lines.add(line.toString());
        }
        return String.join("\n", lines);
    }

    private static String variableName(int v) {
        return String.valueOf((char) ('a' + v));
    }
}
