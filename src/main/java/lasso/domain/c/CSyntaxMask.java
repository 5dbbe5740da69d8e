package lasso.domain.c;

import lasso.domain.SyntaxMask;

import java.util.Arrays;

/**
 * Restricted C's grammar and scope rules as an incremental next-token mask over {@link CTokens}'s 73
 * ids, for decoders: a predictive (LL(1)) parser's stack of expected symbols that mirrors
 * {@link CParser} and the checks of {@link CCompiler}, so that every token sequence it completes
 * parses and compiles. It tracks the brackets and the statement structure (a declaration only
 * directly in a block, {@code else} attaching to the innermost {@code if}, {@code continue} and
 * {@code break} only inside a {@code for}, the body ending with {@code return a;}), numbers (no
 * leading zero, at most {@value #MAX_DIGITS} digits) and the scopes: a variable is used only where
 * it is declared (never in its own initialiser), declared at most once per block, and named
 * canonically, so a new variable is the next unused {@code l_<n>} or {@code p_<n>} (at most 16 of
 * each) — the decoded tokens are then exactly the program's canonical tokens.
 *
 * <p>{@link #allows} reads a bit set computed once per accepted token; {@link #copy()} forks the
 * mask for a new beam.
 */
public final class CSyntaxMask implements SyntaxMask {

    static final int MAX_DIGITS = 9;
    /** Deepest stack (nested blocks, parentheses, indices) before openers are refused: far below the parser's limit. */
    static final int MAX_STACK = 96;
    /** Longest run of prefix operators ({@code - ! +}) on one operand. */
    static final int MAX_UNARY_RUN = 6;

    private static final int VOCABULARY_SIZE = CTokens.VOCABULARY.size();

    private static final int INT = id("int");
    private static final int FOR = id("for");
    private static final int IF = id("if");
    private static final int ELSE = id("else");
    private static final int RETURN = id("return");
    private static final int CONTINUE = id("continue");
    private static final int BREAK = id("break");
    private static final int A = id("a");
    private static final int OPEN_BRACE = id("{");
    private static final int CLOSE_BRACE = id("}");
    private static final int OPEN_PAREN = id("(");
    private static final int CLOSE_PAREN = id(")");
    private static final int OPEN_BRACKET = id("[");
    private static final int CLOSE_BRACKET = id("]");
    private static final int SEMICOLON = id(";");
    private static final int ASSIGN = id("=");
    private static final int ADD_ASSIGN = id("+=");
    private static final int SUB_ASSIGN = id("-=");
    private static final int INCREMENT = id("++");
    private static final int DECREMENT = id("--");
    private static final int PLUS = id("+");
    private static final int MINUS = id("-");
    private static final int NOT = id("!");
    private static final int DIGIT_0 = id("0");
    private static final int L_0 = id("l_0");
    private static final int P_0 = id("p_0");
    private static final int NAMES = CTokens.NAMES_PER_FAMILY;

    private static final long[] BINARY_OPERATORS = set("+", "-", "==", "!=", "<", "<=", ">", ">=", "&&", "||");
    private static final long[] DIGITS = set("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    // Non-terminals (above every token id) and actions (run when they reach the top of the stack).
    private static final int ITEMS_TOP = 100;   // the function body's items, then '}' right after a 'return a;'
    private static final int ITEMS = 101;       // a block's items, then '}'
    private static final int STATEMENT = 102;   // a statement that is not a declaration
    private static final int ELSE_OPTION = 103; // nullable: 'else' statement
    private static final int FOR_INIT = 104;    // a declaration or a simple statement
    private static final int SIMPLE = 105;      // an assignment, += -=, or ++/-- before or after a target
    private static final int SIMPLE_REST = 106; // after the target: ++, --, or an assignment operator and a value
    private static final int DECLARED_NAME = 107;
    private static final int EXPRESSION = 108;
    private static final int MORE_OPERANDS = 109; // nullable: a binary operator and an operand
    private static final int MORE_DIGITS = 110;   // nullable
    private static final int OPERAND = 111;       // prefix operators, then a primary
    private static final int TARGET = 112;        // a variable or a[index]
    private static final int POP_SCOPE = 200;
    private static final int ENTER_LOOP = 201;
    private static final int LEAVE_LOOP = 202;
    private static final int DECLARE = 203;
    private static final int RETURNED = 204;      // a top-level 'return a;' ended: the body may close

    private int[] stack;
    private int size;
    /** Declared names per open scope, a bit per name: bits 0-15 l_0..l_15, 16-31 p_0..p_15. */
    private int[] scopes;
    private int depth;
    private int loops;
    /** The bit of the name being declared (unusable in its own initialiser), or 0. */
    private int initialising;
    private int localsUsed;
    private int parametersUsed;
    private boolean returned;
    private int digits;
    private boolean leadingZero;
    private int unaryRun;
    private int accepted;
    private final long[] allowed = new long[2];

    /** The mask before the first token. */
    public CSyntaxMask() {
        stack = new int[32];
        scopes = new int[8];
        push(ITEMS_TOP);
        push(OPEN_BRACE);
        // the function body is the first scope; it opens with the first '{'
        computeAllowed();
    }

    private CSyntaxMask(CSyntaxMask other) {
        stack = Arrays.copyOf(other.stack, other.stack.length);
        size = other.size;
        scopes = Arrays.copyOf(other.scopes, other.scopes.length);
        depth = other.depth;
        loops = other.loops;
        initialising = other.initialising;
        localsUsed = other.localsUsed;
        parametersUsed = other.parametersUsed;
        returned = other.returned;
        digits = other.digits;
        leadingZero = other.leadingZero;
        unaryRun = other.unaryRun;
        accepted = other.accepted;
        allowed[0] = other.allowed[0];
        allowed[1] = other.allowed[1];
    }

    @Override
    public CSyntaxMask copy() {
        return new CSyntaxMask(this);
    }

    @Override
    public boolean allows(int token) {
        return token >= 0 && token < VOCABULARY_SIZE && (allowed[token >>> 6] & 1L << (token & 63)) != 0;
    }

    @Override
    public boolean complete() {
        return size == 0;
    }

    /** Only the body's closing brace completes a program: the top-level items are all that is left. */
    @Override
    public boolean completedBy(int token) {
        return token == CLOSE_BRACE && returned && size == 1 && stack[0] == ITEMS_TOP;
    }

    @Override
    public int length() {
        return accepted;
    }

    @Override
    public void accept(int token) {
        if (!allows(token)) {
            throw new IllegalArgumentException("token " + accepted + " '" + (token >= 0 && token < VOCABULARY_SIZE
                    ? CTokens.VOCABULARY.token(token) : String.valueOf(token)) + "' is not allowed here");
        }
        accepted++;
        while (true) {
            int top = stack[size - 1];
            if (isAction(top)) {
                size--;
                run(top);
            } else if (nullable(top) && !contains(first(top, depth, loops, initialising), token)) {
                size--;
            } else {
                break;
            }
        }
        expand(token);
        while (size > 0 && isAction(stack[size - 1])) {
            run(stack[--size]);
        }
        computeAllowed();
    }

    /** Consumes {@code token} with the symbol on top of the stack (the token is known to be allowed). */
    private void expand(int token) {
        int top = stack[--size];
        if (top < VOCABULARY_SIZE) {
            if (top == OPEN_BRACE) {
                openScope();
            }
            return;
        }
        switch (top) {
            case ITEMS_TOP -> {
                if (token == CLOSE_BRACE) {
                    depth--;
                    return;
                }
                push(ITEMS_TOP);
                returned = false;
                if (token == RETURN) {
                    push(RETURNED);
                    push(SEMICOLON);
                    push(A);
                } else {
                    item(token);
                }
            }
            case ITEMS -> {
                if (token == CLOSE_BRACE) {
                    return; // the POP_SCOPE below runs next
                }
                push(ITEMS);
                item(token);
            }
            case STATEMENT -> statement(token);
            case ELSE_OPTION -> push(STATEMENT); // token is 'else'
            case FOR_INIT -> {
                if (token == INT) {
                    declaration();
                } else {
                    simple(token);
                }
            }
            case SIMPLE -> simple(token);
            case SIMPLE_REST -> {
                if (token == ASSIGN || token == ADD_ASSIGN || token == SUB_ASSIGN) {
                    push(EXPRESSION);
                }
            }
            case TARGET -> {
                if (token == A) {
                    element();
                }
            }
            case DECLARED_NAME -> {
                int bit = nameBit(token);
                initialising = bit;
                if (token == L_0 + localsUsed) {
                    localsUsed++;
                } else if (token == P_0 + parametersUsed) {
                    parametersUsed++;
                }
            }
            case EXPRESSION -> {
                push(MORE_OPERANDS);
                unaryRun = 0;
                operand(token);
            }
            case MORE_OPERANDS -> { // token is a binary operator
                push(MORE_OPERANDS);
                unaryRun = 0;
                push(OPERAND);
            }
            case OPERAND -> operand(token);
            case MORE_DIGITS -> {
                digits++;
                push(MORE_DIGITS);
            }
            default -> throw new IllegalStateException("symbol " + top);
        }
    }

    /** A block item (a declaration or a statement) starting with {@code token}. */
    private void item(int token) {
        if (token == INT) {
            push(SEMICOLON);
            declaration();
        } else {
            statement(token);
        }
    }

    /** After 'int': the name, '=', the initialiser; the name is declared once the initialiser ends. */
    private void declaration() {
        push(DECLARE);
        push(EXPRESSION);
        push(ASSIGN);
        push(DECLARED_NAME);
    }

    private void statement(int token) {
        if (token == OPEN_BRACE) {
            openScope();
            push(POP_SCOPE);
            push(ITEMS);
        } else if (token == IF) {
            push(ELSE_OPTION);
            push(STATEMENT);
            push(CLOSE_PAREN);
            push(EXPRESSION);
            push(OPEN_PAREN);
        } else if (token == FOR) {
            openScope();
            push(POP_SCOPE);
            push(LEAVE_LOOP);
            push(STATEMENT);
            push(ENTER_LOOP);
            push(CLOSE_PAREN);
            push(SIMPLE);
            push(SEMICOLON);
            push(EXPRESSION);
            push(SEMICOLON);
            push(FOR_INIT);
            push(OPEN_PAREN);
        } else if (token == CONTINUE || token == BREAK) {
            push(SEMICOLON);
        } else if (token == RETURN) {
            push(SEMICOLON);
            push(A);
        } else {
            push(SEMICOLON);
            simple(token);
        }
    }

    private void simple(int token) {
        if (token == INCREMENT || token == DECREMENT) {
            push(TARGET);
        } else if (token == A) {
            push(SIMPLE_REST);
            element();
        } else {
            push(SIMPLE_REST); // a variable
        }
    }

    /** After 'a': '[' index ']'. */
    private void element() {
        push(CLOSE_BRACKET);
        push(EXPRESSION);
        push(OPEN_BRACKET);
    }

    private void operand(int token) {
        if (token == MINUS || token == PLUS || token == NOT) {
            unaryRun++;
            push(OPERAND);
        } else if (token == A) {
            element();
        } else if (token == OPEN_PAREN) {
            push(CLOSE_PAREN);
            push(EXPRESSION);
        } else if (isDigit(token)) {
            digits = 1;
            leadingZero = token == DIGIT_0;
            push(MORE_DIGITS);
        }
        // a variable: nothing more
    }

    private void run(int action) {
        switch (action) {
            case POP_SCOPE -> depth--;
            case ENTER_LOOP -> loops++;
            case LEAVE_LOOP -> loops--;
            case DECLARE -> {
                scopes[depth - 1] |= initialising;
                initialising = 0;
            }
            case RETURNED -> returned = true;
            default -> throw new IllegalStateException("action " + action);
        }
    }

    private void openScope() {
        if (depth == scopes.length) {
            scopes = Arrays.copyOf(scopes, depth * 2);
        }
        scopes[depth++] = 0;
    }

    // ---------------------------------------------------------------- what may come next

    /**
     * The union of the FIRST sets down the stack through nullable symbols, running the actions passed
     * on the way on a copy of the state they change (a loop or a scope may end before the next token).
     */
    private void computeAllowed() {
        allowed[0] = 0;
        allowed[1] = 0;
        int scopeDepth = depth;
        int loopDepth = loops;
        int declaring = initialising;
        for (int i = size - 1; i >= 0; i--) {
            int symbol = stack[i];
            if (isAction(symbol)) {
                switch (symbol) {
                    case POP_SCOPE -> scopeDepth--;
                    case ENTER_LOOP -> loopDepth++;
                    case LEAVE_LOOP -> loopDepth--;
                    case DECLARE -> declaring = 0;
                    default -> {
                        // RETURNED only ever runs at once, after the ';' it follows
                    }
                }
                continue;
            }
            long[] first = first(symbol, scopeDepth, loopDepth, declaring);
            allowed[0] |= first[0];
            allowed[1] |= first[1];
            if (!nullable(symbol)) {
                return;
            }
        }
    }

    private long[] first(int symbol, int scopeDepth, int loopDepth, int declaring) {
        long[] set = new long[2];
        if (symbol < VOCABULARY_SIZE) {
            add(set, symbol);
            return set;
        }
        boolean room = size < MAX_STACK;
        switch (symbol) {
            case ITEMS_TOP -> {
                itemFirst(set, scopeDepth, loopDepth, room);
                if (returned) {
                    add(set, CLOSE_BRACE);
                }
            }
            case ITEMS -> {
                itemFirst(set, scopeDepth, loopDepth, room);
                add(set, CLOSE_BRACE);
            }
            case STATEMENT -> statementFirst(set, scopeDepth, loopDepth, room);
            case ELSE_OPTION -> add(set, ELSE);
            case FOR_INIT -> {
                if (declarable(scopeDepth) != 0) {
                    add(set, INT);
                }
                simpleFirst(set, scopeDepth, room);
            }
            case SIMPLE -> simpleFirst(set, scopeDepth, room);
            case SIMPLE_REST -> {
                add(set, INCREMENT);
                add(set, DECREMENT);
                add(set, ASSIGN);
                add(set, ADD_ASSIGN);
                add(set, SUB_ASSIGN);
            }
            case TARGET -> {
                addNames(set, visible(scopeDepth));
                if (room) {
                    add(set, A);
                }
            }
            case DECLARED_NAME -> addNames(set, declarable(scopeDepth));
            case EXPRESSION -> operandFirst(set, scopeDepth, declaring, room, 0);
            case OPERAND -> operandFirst(set, scopeDepth, declaring, room, unaryRun);
            case MORE_OPERANDS -> {
                set[0] |= BINARY_OPERATORS[0];
                set[1] |= BINARY_OPERATORS[1];
            }
            case MORE_DIGITS -> {
                if (!leadingZero && digits < MAX_DIGITS) {
                    set[0] |= DIGITS[0];
                    set[1] |= DIGITS[1];
                }
            }
            default -> throw new IllegalStateException("symbol " + symbol);
        }
        return set;
    }

    /**
     * The names a declaration in the innermost scope may take: one already used elsewhere but not in
     * this scope, or the next new one of either family.
     */
    private int declarable(int scopeDepth) {
        int introduced = (localsUsed == 0 ? 0 : (1 << localsUsed) - 1)
                | (parametersUsed == 0 ? 0 : ((1 << parametersUsed) - 1) << NAMES);
        int names = introduced & ~scopes[scopeDepth - 1];
        if (localsUsed < NAMES) {
            names |= 1 << localsUsed;
        }
        if (parametersUsed < NAMES) {
            names |= 1 << (NAMES + parametersUsed);
        }
        return names;
    }

    private void itemFirst(long[] set, int scopeDepth, int loopDepth, boolean room) {
        if (declarable(scopeDepth) != 0) {
            add(set, INT);
        }
        statementFirst(set, scopeDepth, loopDepth, room);
    }

    private void statementFirst(long[] set, int scopeDepth, int loopDepth, boolean room) {
        if (room) {
            add(set, OPEN_BRACE);
            add(set, IF);
            add(set, FOR);
        }
        if (loopDepth > 0) {
            add(set, CONTINUE);
            add(set, BREAK);
        }
        add(set, RETURN);
        simpleFirst(set, scopeDepth, room);
    }

    private void simpleFirst(long[] set, int scopeDepth, boolean room) {
        int names = visible(scopeDepth);
        addNames(set, names);
        if (room) {
            add(set, A);
        }
        if (names != 0 || room) {
            add(set, INCREMENT);
            add(set, DECREMENT);
        }
    }

    private void operandFirst(long[] set, int scopeDepth, int declaring, boolean room, int run) {
        set[0] |= DIGITS[0];
        set[1] |= DIGITS[1];
        addNames(set, visible(scopeDepth) & ~declaring);
        if (room) {
            add(set, A);
            add(set, OPEN_PAREN);
            if (run < MAX_UNARY_RUN) {
                add(set, MINUS);
                add(set, PLUS);
                add(set, NOT);
            }
        }
    }

    private int visible(int scopeDepth) {
        int names = 0;
        for (int i = 0; i < scopeDepth; i++) {
            names |= scopes[i];
        }
        return names;
    }

    private static boolean nullable(int symbol) {
        return symbol == ELSE_OPTION || symbol == MORE_OPERANDS || symbol == MORE_DIGITS;
    }

    private static boolean isAction(int symbol) {
        return symbol >= POP_SCOPE;
    }

    private static boolean isDigit(int token) {
        return token >= DIGIT_0 && token < DIGIT_0 + 10;
    }

    /** The scope bit of a name token. */
    private static int nameBit(int token) {
        return token >= P_0 ? 1 << (NAMES + token - P_0) : 1 << (token - L_0);
    }

    private static void addNames(long[] set, int names) {
        for (int i = 0; i < NAMES; i++) {
            if ((names & 1 << i) != 0) {
                add(set, L_0 + i);
            }
            if ((names & 1 << (NAMES + i)) != 0) {
                add(set, P_0 + i);
            }
        }
    }

    private static void add(long[] set, int token) {
        set[token >>> 6] |= 1L << (token & 63);
    }

    private static boolean contains(long[] set, int token) {
        return (set[token >>> 6] & 1L << (token & 63)) != 0;
    }

    private void push(int symbol) {
        if (size == stack.length) {
            stack = Arrays.copyOf(stack, size * 2);
        }
        stack[size++] = symbol;
    }

    private static int id(String token) {
        int id = CTokens.VOCABULARY.id(token);
        if (id < 0) {
            throw new IllegalStateException("no token " + token);
        }
        return id;
    }

    private static long[] set(String... tokens) {
        long[] set = new long[2];
        for (String token : tokens) {
            add(set, id(token));
        }
        return set;
    }
}
