package lasso.domain.karel;

import lasso.domain.TokenSpan;

import java.util.Arrays;
import java.util.List;

/**
 * A program compiled for {@link KarelMachine}: a flat array of three-int instructions
 * ({@code op, a, b}) that the machine runs in one loop without allocating, plus, per instruction,
 * what a trace reports about it (event type, token spans). Built once per program.
 */
final class KarelCode {

    /** Opcodes 0..4 are the actions, in {@link Action} order. */
    static final int IF = 5;          // a: condition, b: target when false
    static final int IFELSE = 6;      // a: condition, b: else target
    static final int WHILE = 7;       // a: condition, b: exit target; the body ends with a JUMP back
    static final int REPEAT_INIT = 8; // a: counter slot, b: count
    static final int REPEAT_TEST = 9; // a: counter slot, b: exit target; the body ends with a JUMP back
    static final int JUMP = 10;       // a: target
    static final int HALT = 11;

    static final int WIDTH = 3;

    /** Event type names as SED's traces spell them, indexed by opcode (null: no event). */
    static final String[] EVENT_TYPES = {
        "move", "turnLeft", "turnRight", "pickMarker", "putMarker", "if", "ifElse", "while", null, "repeat", null, null
    };

    /** The canonical token ids of the program. */
    final int[] tokens;
    final int[] code;
    /** Number of repeat counters the program needs (one per REPEAT statement). */
    final int slots;
    /** Per instruction ({@code pc / WIDTH}): the statement's tokens, and the condition's or count's. */
    final TokenSpan[] spans;
    final TokenSpan[] conditionSpans;

    private KarelCode(int[] tokens, int[] code, int slots, TokenSpan[] spans, TokenSpan[] conditionSpans) {
        this.tokens = tokens;
        this.code = code;
        this.slots = slots;
        this.spans = spans;
        this.conditionSpans = conditionSpans;
    }

    static KarelCode compile(KarelProgram program) {
        Compiler compiler = new Compiler();
        compiler.token(KarelVocabulary.DEF);
        compiler.token(KarelVocabulary.RUN);
        compiler.token(KarelVocabulary.M_OPEN);
        compiler.block(program.body());
        compiler.token(KarelVocabulary.M_CLOSE);
        compiler.emit(HALT, 0, 0);
        int instructions = compiler.pc / WIDTH;
        return new KarelCode(Arrays.copyOf(compiler.tokens, compiler.tokenCount), Arrays.copyOf(compiler.code, compiler.pc),
                compiler.slots, Arrays.copyOf(compiler.spans, instructions), Arrays.copyOf(compiler.conditionSpans, instructions));
    }

    private static final class Compiler {
        int[] tokens = new int[64];
        int tokenCount;
        int[] code = new int[96];
        int pc;
        int slots;
        TokenSpan[] spans = new TokenSpan[32];
        TokenSpan[] conditionSpans = new TokenSpan[32];

        void token(int id) {
            if (tokenCount == tokens.length) {
                tokens = Arrays.copyOf(tokens, tokens.length * 2);
            }
            tokens[tokenCount++] = id;
        }

        int emit(int op, int a, int b) {
            if (pc + WIDTH > code.length) {
                code = Arrays.copyOf(code, code.length * 2);
                spans = Arrays.copyOf(spans, code.length / WIDTH);
                conditionSpans = Arrays.copyOf(conditionSpans, code.length / WIDTH);
            }
            int at = pc;
            code[pc] = op;
            code[pc + 1] = a;
            code[pc + 2] = b;
            pc += WIDTH;
            return at;
        }

        void site(int at, int first, int last, TokenSpan condition) {
            spans[at / WIDTH] = new TokenSpan(first, last);
            conditionSpans[at / WIDTH] = condition;
        }

        void block(List<Statement> block) {
            for (Statement statement : block) {
                statement(statement);
            }
        }

        /** Emits {@code c( condition c)} and returns the span of the condition's own tokens. */
        TokenSpan condition(Condition condition) {
            token(KarelVocabulary.C_OPEN);
            int first = tokenCount;
            if (condition.negated()) {
                token(KarelVocabulary.NOT);
                token(KarelVocabulary.C_OPEN);
                token(KarelVocabulary.sensorToken(condition.sensor()));
                token(KarelVocabulary.C_CLOSE);
            } else {
                token(KarelVocabulary.sensorToken(condition.sensor()));
            }
            TokenSpan span = new TokenSpan(first, tokenCount - 1);
            token(KarelVocabulary.C_CLOSE);
            return span;
        }

        void statement(Statement statement) {
            int first = tokenCount;
            if (statement instanceof Action action) {
                token(KarelVocabulary.actionToken(action));
                site(emit(action.ordinal(), 0, 0), first, first, null);
            } else if (statement instanceof Statement.Repeat repeat) {
                token(KarelVocabulary.REPEAT);
                TokenSpan count = new TokenSpan(tokenCount, tokenCount);
                token(KarelVocabulary.countToken(repeat.times()));
                token(KarelVocabulary.R_OPEN);
                int slot = slots++;
                emit(REPEAT_INIT, slot, repeat.times());
                int test = emit(REPEAT_TEST, slot, 0);
                block(repeat.body());
                token(KarelVocabulary.R_CLOSE);
                emit(JUMP, test, 0);
                code[test + 2] = pc;
                site(test, first, tokenCount - 1, count);
            } else if (statement instanceof Statement.While loop) {
                token(KarelVocabulary.WHILE);
                TokenSpan condition = condition(loop.condition());
                token(KarelVocabulary.W_OPEN);
                int head = emit(WHILE, loop.condition().code(), 0);
                block(loop.body());
                token(KarelVocabulary.W_CLOSE);
                emit(JUMP, head, 0);
                code[head + 2] = pc;
                site(head, first, tokenCount - 1, condition);
            } else if (statement instanceof Statement.If branch) {
                token(KarelVocabulary.IF);
                TokenSpan condition = condition(branch.condition());
                token(KarelVocabulary.I_OPEN);
                int test = emit(IF, branch.condition().code(), 0);
                block(branch.body());
                token(KarelVocabulary.I_CLOSE);
                code[test + 2] = pc;
                site(test, first, tokenCount - 1, condition);
            } else if (statement instanceof Statement.IfElse branch) {
                token(KarelVocabulary.IFELSE);
                TokenSpan condition = condition(branch.condition());
                token(KarelVocabulary.I_OPEN);
                int test = emit(IFELSE, branch.condition().code(), 0);
                block(branch.thenBody());
                token(KarelVocabulary.I_CLOSE);
                int skip = emit(JUMP, 0, 0);
                code[test + 2] = pc;
                token(KarelVocabulary.ELSE);
                token(KarelVocabulary.E_OPEN);
                block(branch.elseBody());
                token(KarelVocabulary.E_CLOSE);
                code[skip + 1] = pc;
                site(test, first, tokenCount - 1, condition);
            }
        }
    }
}
