package lasso.domain.c;

/**
 * Runs {@link CCode}: one loop over an int array, no allocation. Semantics are C's for the subset
 * (gcc with {@code -fwrapv}): 32-bit wrap-around, comparisons and logic give 0 or 1, {@code &&} and
 * {@code ||} short-circuit. An index outside 0..4 stops the run with {@link #ERROR} (undefined
 * behaviour in C); the step after {@code limit} steps stops it with {@link #TIMEOUT}.
 */
final class CMachine {

    static final int OK = 0;
    static final int ERROR = 1;
    static final int TIMEOUT = 2;

    // Instructions; operands follow the opcode. "pop r, pop l" means r was pushed last.
    static final int CONST = 0;     // v: push v
    static final int LOAD = 1;      // cell: push f[cell]
    static final int ELEM = 2;      // top = a[top]
    static final int ELEMC = 3;     // k (0..4): push a[k]
    static final int ELEMV = 4;     // cell: push a[f[cell]]
    static final int NEG = 5;
    static final int NOT = 6;
    static final int ADD = 7;
    static final int SUB = 8;
    static final int LT = 9;
    static final int LE = 10;
    static final int GT = 11;
    static final int GE = 12;
    static final int EQ = 13;
    static final int NE = 14;
    static final int JMP = 15;      // target
    static final int JZ = 16;       // target: pop, jump if zero
    static final int JNZ = 17;      // target: pop, jump if not zero
    static final int JLT = 18;      // target: pop r, pop l, jump if l < r (and so on)
    static final int JLE = 19;
    static final int JGT = 20;
    static final int JGE = 21;
    static final int JEQ = 22;
    static final int JNE = 23;
    static final int STORE = 24;    // cell: f[cell] = pop
    static final int ADDTO = 25;    // cell: f[cell] += pop
    static final int SUBFROM = 26;  // cell: f[cell] -= pop
    static final int INCV = 27;     // cell, d: f[cell] += d
    static final int STOREA = 28;   // pop v, pop i: a[i] = v
    static final int ADDA = 29;     // pop v, pop i: a[i] += v
    static final int SUBA = 30;     // pop v, pop i: a[i] -= v
    static final int STOREAC = 31;  // k: a[k] = pop
    static final int ADDAC = 32;    // k: a[k] += pop
    static final int SUBAC = 33;    // k: a[k] -= pop
    static final int INCA = 34;     // d: pop i, a[i] += d
    static final int INCAC = 35;    // k, d: a[k] += d
    static final int ADDC = 36;     // v: top += v
    static final int SUBC = 37;     // v: top -= v
    static final int STEP = 38;     // site: count a step, stop past the limit
    static final int EVENT = 39;    // site: (traces) the statement finished
    static final int COND = 40;     // site: (traces) the condition on top was evaluated
    static final int RET = 41;
    // Fused forms of the commonest sequences (a for loop's test, a[p] as a target).
    static final int JLTC = 42;     // c, target: pop l, jump if l < c (and so on)
    static final int JLEC = 43;
    static final int JGTC = 44;
    static final int JGEC = 45;
    static final int JEQC = 46;
    static final int JNEC = 47;
    static final int JLTVC = 48;    // cell, c, target: jump if f[cell] < c (and so on)
    static final int JLEVC = 49;
    static final int JGTVC = 50;
    static final int JGEVC = 51;
    static final int JEQVC = 52;
    static final int JNEVC = 53;
    static final int STOREAV = 54;  // cell: a[f[cell]] = pop
    static final int ADDAV = 55;    // cell: a[f[cell]] += pop
    static final int SUBAV = 56;    // cell: a[f[cell]] -= pop
    static final int INCAV = 57;    // cell, d: a[f[cell]] += d

    /** Told what a traced run does; runs without one pay nothing for it. */
    interface Listener {

        /** The statement at {@code site} finished; the frame holds the state after it. */
        void stepped(int site, int[] frame);

        /** The condition at {@code site} was evaluated to {@code value}. */
        void condition(int site, int value, int[] frame);

        /** The step at {@code site} failed (a bad index) or would have run past the step limit. */
        void failed(int site, int[] frame, int status);
    }

    private CMachine() {
    }

    /**
     * Runs the code on the frame (the input in cells 0..4, where the output is left).
     *
     * @return {@link #OK}, {@link #ERROR} (the bad index in the frame's last cell) or {@link #TIMEOUT}
     */
    static int execute(CCode compiled, int[] f, int limit, Listener listener) {
        final int[] code = compiled.code();
        int pc = 0;
        int sp = compiled.stackBase();
        int steps = 0;
        int site = -1;
        while (true) {
            switch (code[pc]) {
                case CONST -> {
                    f[sp++] = code[pc + 1];
                    pc += 2;
                }
                case LOAD -> {
                    f[sp++] = f[code[pc + 1]];
                    pc += 2;
                }
                case ELEM -> {
                    int i = f[sp - 1];
                    if (i < 0 || i >= CArray.LENGTH) {
                        return fail(f, i, site, listener);
                    }
                    f[sp - 1] = f[i];
                    pc++;
                }
                case ELEMC -> {
                    f[sp++] = f[code[pc + 1]];
                    pc += 2;
                }
                case ELEMV -> {
                    int i = f[code[pc + 1]];
                    if (i < 0 || i >= CArray.LENGTH) {
                        return fail(f, i, site, listener);
                    }
                    f[sp++] = f[i];
                    pc += 2;
                }
                case NEG -> {
                    f[sp - 1] = -f[sp - 1];
                    pc++;
                }
                case NOT -> {
                    f[sp - 1] = f[sp - 1] == 0 ? 1 : 0;
                    pc++;
                }
                case ADD -> {
                    sp--;
                    f[sp - 1] += f[sp];
                    pc++;
                }
                case SUB -> {
                    sp--;
                    f[sp - 1] -= f[sp];
                    pc++;
                }
                case LT -> {
                    sp--;
                    f[sp - 1] = f[sp - 1] < f[sp] ? 1 : 0;
                    pc++;
                }
                case LE -> {
                    sp--;
                    f[sp - 1] = f[sp - 1] <= f[sp] ? 1 : 0;
                    pc++;
                }
                case GT -> {
                    sp--;
                    f[sp - 1] = f[sp - 1] > f[sp] ? 1 : 0;
                    pc++;
                }
                case GE -> {
                    sp--;
                    f[sp - 1] = f[sp - 1] >= f[sp] ? 1 : 0;
                    pc++;
                }
                case EQ -> {
                    sp--;
                    f[sp - 1] = f[sp - 1] == f[sp] ? 1 : 0;
                    pc++;
                }
                case NE -> {
                    sp--;
                    f[sp - 1] = f[sp - 1] != f[sp] ? 1 : 0;
                    pc++;
                }
                case JMP -> pc = code[pc + 1];
                case JZ -> pc = f[--sp] == 0 ? code[pc + 1] : pc + 2;
                case JNZ -> pc = f[--sp] != 0 ? code[pc + 1] : pc + 2;
                case JLT -> {
                    sp -= 2;
                    pc = f[sp] < f[sp + 1] ? code[pc + 1] : pc + 2;
                }
                case JLE -> {
                    sp -= 2;
                    pc = f[sp] <= f[sp + 1] ? code[pc + 1] : pc + 2;
                }
                case JGT -> {
                    sp -= 2;
                    pc = f[sp] > f[sp + 1] ? code[pc + 1] : pc + 2;
                }
                case JGE -> {
                    sp -= 2;
                    pc = f[sp] >= f[sp + 1] ? code[pc + 1] : pc + 2;
                }
                case JEQ -> {
                    sp -= 2;
                    pc = f[sp] == f[sp + 1] ? code[pc + 1] : pc + 2;
                }
                case JNE -> {
                    sp -= 2;
                    pc = f[sp] != f[sp + 1] ? code[pc + 1] : pc + 2;
                }
                case STORE -> {
                    f[code[pc + 1]] = f[--sp];
                    pc += 2;
                }
                case ADDTO -> {
                    f[code[pc + 1]] += f[--sp];
                    pc += 2;
                }
                case SUBFROM -> {
                    f[code[pc + 1]] -= f[--sp];
                    pc += 2;
                }
                case INCV -> {
                    f[code[pc + 1]] += code[pc + 2];
                    pc += 3;
                }
                case STOREA, ADDA, SUBA -> {
                    sp -= 2;
                    int i = f[sp];
                    if (i < 0 || i >= CArray.LENGTH) {
                        return fail(f, i, site, listener);
                    }
                    int v = f[sp + 1];
                    int op = code[pc];
                    f[i] = op == STOREA ? v : op == ADDA ? f[i] + v : f[i] - v;
                    pc++;
                }
                case STOREAC -> {
                    f[code[pc + 1]] = f[--sp];
                    pc += 2;
                }
                case ADDAC -> {
                    f[code[pc + 1]] += f[--sp];
                    pc += 2;
                }
                case SUBAC -> {
                    f[code[pc + 1]] -= f[--sp];
                    pc += 2;
                }
                case INCA -> {
                    int i = f[--sp];
                    if (i < 0 || i >= CArray.LENGTH) {
                        return fail(f, i, site, listener);
                    }
                    f[i] += code[pc + 1];
                    pc += 2;
                }
                case INCAC -> {
                    f[code[pc + 1]] += code[pc + 2];
                    pc += 3;
                }
                case ADDC -> {
                    f[sp - 1] += code[pc + 1];
                    pc += 2;
                }
                case SUBC -> {
                    f[sp - 1] -= code[pc + 1];
                    pc += 2;
                }
                case STEP -> {
                    site = code[pc + 1];
                    if (++steps > limit) {
                        if (listener != null) {
                            listener.failed(site, f, TIMEOUT);
                        }
                        return TIMEOUT;
                    }
                    pc += 2;
                }
                case EVENT -> {
                    listener.stepped(code[pc + 1], f);
                    pc += 2;
                }
                case COND -> {
                    listener.condition(code[pc + 1], f[sp - 1] != 0 ? 1 : 0, f);
                    pc += 2;
                }
                case RET -> {
                    return OK;
                }
                case JLTC -> pc = f[--sp] < code[pc + 1] ? code[pc + 2] : pc + 3;
                case JLEC -> pc = f[--sp] <= code[pc + 1] ? code[pc + 2] : pc + 3;
                case JGTC -> pc = f[--sp] > code[pc + 1] ? code[pc + 2] : pc + 3;
                case JGEC -> pc = f[--sp] >= code[pc + 1] ? code[pc + 2] : pc + 3;
                case JEQC -> pc = f[--sp] == code[pc + 1] ? code[pc + 2] : pc + 3;
                case JNEC -> pc = f[--sp] != code[pc + 1] ? code[pc + 2] : pc + 3;
                case JLTVC -> pc = f[code[pc + 1]] < code[pc + 2] ? code[pc + 3] : pc + 4;
                case JLEVC -> pc = f[code[pc + 1]] <= code[pc + 2] ? code[pc + 3] : pc + 4;
                case JGTVC -> pc = f[code[pc + 1]] > code[pc + 2] ? code[pc + 3] : pc + 4;
                case JGEVC -> pc = f[code[pc + 1]] >= code[pc + 2] ? code[pc + 3] : pc + 4;
                case JEQVC -> pc = f[code[pc + 1]] == code[pc + 2] ? code[pc + 3] : pc + 4;
                case JNEVC -> pc = f[code[pc + 1]] != code[pc + 2] ? code[pc + 3] : pc + 4;
                case STOREAV, ADDAV, SUBAV -> {
                    int i = f[code[pc + 1]];
                    if (i < 0 || i >= CArray.LENGTH) {
                        return fail(f, i, site, listener);
                    }
                    int v = f[--sp];
                    int op = code[pc];
                    f[i] = op == STOREAV ? v : op == ADDAV ? f[i] + v : f[i] - v;
                    pc += 2;
                }
                case INCAV -> {
                    int i = f[code[pc + 1]];
                    if (i < 0 || i >= CArray.LENGTH) {
                        return fail(f, i, site, listener);
                    }
                    f[i] += code[pc + 2];
                    pc += 3;
                }
                default -> throw new IllegalStateException("bad instruction " + code[pc] + " at " + pc);
            }
        }
    }

    private static int fail(int[] f, int index, int site, Listener listener) {
        f[f.length - 1] = index;
        if (listener != null) {
            listener.failed(site, f, ERROR);
        }
        return ERROR;
    }
}
