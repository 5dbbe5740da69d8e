package lasso.domain.karel;

import lasso.domain.SyntaxMask;

import java.util.Arrays;

/**
 * The grammar of karel.md §1.3 as an incremental mask for decoders: after each accepted token,
 * {@link #allowed()} is the set of tokens that can come next (a bit per vocabulary id), so that a
 * beam search only ever builds programs that parse. A predictive (LL(1)) parser's stack of
 * expected symbols; {@link #copy()} forks it for a new beam.
 */
public final class KarelSyntaxMask implements SyntaxMask {

    private static final int STATEMENTS_FIRST = 100; // + closing token: one or more statements, then it
    private static final int STATEMENTS_MORE = 200;  // + closing token: zero or more statements, then it
    private static final int CONDITION = 300;
    private static final int SENSOR = 301;
    private static final int COUNT = 302;

    private static final long ACTIONS = 0b11111L << KarelVocabulary.FIRST_ACTION;
    private static final long SENSORS = 0b11111L << KarelVocabulary.FIRST_SENSOR;
    private static final long COUNTS = 0x1FFL << KarelVocabulary.R_2;
    private static final long STATEMENT_STARTS = ACTIONS | 1L << KarelVocabulary.REPEAT | 1L << KarelVocabulary.WHILE
            | 1L << KarelVocabulary.IF | 1L << KarelVocabulary.IFELSE;

    private int[] stack;
    private int size;
    private int accepted;

    /** The mask before the first token. */
    public KarelSyntaxMask() {
        stack = new int[32];
        push(STATEMENTS_FIRST + KarelVocabulary.M_CLOSE);
        push(KarelVocabulary.M_OPEN);
        push(KarelVocabulary.RUN);
        push(KarelVocabulary.DEF);
    }

    private KarelSyntaxMask(KarelSyntaxMask other) {
        stack = Arrays.copyOf(other.stack, other.stack.length);
        size = other.size;
        accepted = other.accepted;
    }

    @Override
    public KarelSyntaxMask copy() {
        return new KarelSyntaxMask(this);
    }

    @Override
    public int length() {
        return accepted;
    }

    @Override
    public boolean complete() {
        return size == 0;
    }

    /** The tokens that may come next: bit {@code id} set for each allowed vocabulary id. */
    public long allowed() {
        if (size == 0) {
            return 0;
        }
        int top = stack[size - 1];
        if (top < KarelVocabulary.SIZE) {
            return 1L << top;
        }
        if (top >= STATEMENTS_MORE && top < CONDITION) {
            return STATEMENT_STARTS | 1L << (top - STATEMENTS_MORE);
        }
        if (top >= STATEMENTS_FIRST && top < STATEMENTS_MORE) {
            return STATEMENT_STARTS;
        }
        return switch (top) {
            case CONDITION -> SENSORS | 1L << KarelVocabulary.NOT;
            case SENSOR -> SENSORS;
            default -> COUNTS;
        };
    }

    /** Only the closing {@code m)} of the body completes a program, with nothing else expected. */
    @Override
    public boolean completedBy(int token) {
        return token == KarelVocabulary.M_CLOSE && size == 1
                && (stack[0] == STATEMENTS_MORE + KarelVocabulary.M_CLOSE || stack[0] == KarelVocabulary.M_CLOSE);
    }

    @Override
    public boolean allows(int token) {
        return token >= 0 && token < KarelVocabulary.SIZE && (allowed() & 1L << token) != 0;
    }

    @Override
    public void accept(int token) {
        if (!allows(token)) {
            throw new IllegalArgumentException("token " + accepted + " '" + (token >= 0 && token < KarelVocabulary.SIZE
                    ? KarelVocabulary.token(token) : String.valueOf(token)) + "' is not allowed here");
        }
        accepted++;
        int top = stack[--size];
        if (top < KarelVocabulary.SIZE || top == SENSOR || top == COUNT) {
            return;
        }
        if (top == CONDITION) {
            if (token == KarelVocabulary.NOT) {
                push(KarelVocabulary.C_CLOSE);
                push(SENSOR);
                push(KarelVocabulary.C_OPEN);
            }
            return;
        }
        int close = top >= STATEMENTS_MORE ? top - STATEMENTS_MORE : top - STATEMENTS_FIRST;
        if (token == close) {
            return;
        }
        push(STATEMENTS_MORE + close);
        switch (token) {
            case KarelVocabulary.REPEAT -> {
                push(STATEMENTS_FIRST + KarelVocabulary.R_CLOSE);
                push(KarelVocabulary.R_OPEN);
                push(COUNT);
            }
            case KarelVocabulary.WHILE -> body(KarelVocabulary.W_OPEN, KarelVocabulary.W_CLOSE);
            case KarelVocabulary.IF -> body(KarelVocabulary.I_OPEN, KarelVocabulary.I_CLOSE);
            case KarelVocabulary.IFELSE -> {
                push(STATEMENTS_FIRST + KarelVocabulary.E_CLOSE);
                push(KarelVocabulary.E_OPEN);
                push(KarelVocabulary.ELSE);
                body(KarelVocabulary.I_OPEN, KarelVocabulary.I_CLOSE);
            }
            default -> {
                // an action: nothing more to expect
            }
        }
    }

    /** Expects {@code c( condition c) open statements… close}. */
    private void body(int open, int close) {
        push(STATEMENTS_FIRST + close);
        push(open);
        push(KarelVocabulary.C_CLOSE);
        push(CONDITION);
        push(KarelVocabulary.C_OPEN);
    }

    private void push(int symbol) {
        if (size == stack.length) {
            stack = Arrays.copyOf(stack, size * 2);
        }
        stack[size++] = symbol;
    }
}
