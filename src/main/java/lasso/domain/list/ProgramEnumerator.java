package lasso.domain.list;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Enumerates every type-correct program of one input signature up to a length, running each on a
 * fixed set of probe inputs with a register stack (a prefix is run once for all its extensions), and
 * hands each program with a fingerprint of its behaviour on the probes to a visitor. Programs
 * behaving alike on the probes are taken as equivalent (the paper's over-approximation, §2.1).
 */
public final class ProgramEnumerator {

    /** Receives each enumerated program. */
    public interface Visitor {
        /**
         * @param statements  the program's statements, valid only during the call
         * @param length      how many of them
         * @param fingerprint a hash of the last variable's values on every probe (rejected probes included)
         * @param rejected    on how many probes the program was rejected
         */
        void visit(Statement[] statements, int length, long fingerprint, int rejected);
    }

    /** Probe inputs: short lists of small numbers, one empty, and small integers, some negative. */
    public static List<ListInput> probes(List<Type> signature, int count, RandomGenerator random) {
        List<ListInput> probes = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            List<Value> values = new ArrayList<>();
            for (Type type : signature) {
                if (type == Type.INT) {
                    values.add(new IntValue(random.nextInt(-2, 10)));
                } else {
                    int[] elements = new int[p == 0 ? 0 : random.nextInt(1, 10)];
                    for (int k = 0; k < elements.length; k++) {
                        elements[k] = random.nextInt(-9, 10);
                    }
                    values.add(ListValue.adopt(elements));
                }
            }
            probes.add(new ListInput(values));
        }
        return probes;
    }

    private final List<Type> signature;
    private final int maxLength;
    private final int probes;
    private final int stride;
    private final int[] memory;
    private final Statement[] statements;
    private final Type[] types;

    public ProgramEnumerator(List<Type> signature, int maxLength, List<ListInput> probeInputs) {
        this.signature = List.copyOf(signature);
        this.maxLength = maxLength;
        this.probes = probeInputs.size();
        int longest = 1;
        for (ListInput input : probeInputs) {
            for (Value value : input.values()) {
                if (value instanceof ListValue list) {
                    longest = Math.max(longest, list.length());
                }
            }
        }
        this.stride = 1 + longest;
        int variables = signature.size() + maxLength;
        this.memory = new int[variables * probes * stride];
        this.statements = new Statement[maxLength];
        this.types = new Type[variables];
        for (int v = 0; v < signature.size(); v++) {
            types[v] = signature.get(v);
            for (int p = 0; p < probes; p++) {
                ListSemantics.store(probeInputs.get(p).get(v), memory, base(v) + p * stride);
            }
        }
    }

    private int base(int variable) {
        return variable * probes * stride;
    }

    /** Visits every program of 1..maxLength statements, shorter ones before their extensions. */
    public void enumerate(Visitor visitor) {
        expand(0, visitor);
    }

    private void expand(int depth, Visitor visitor) {
        int defined = signature.size() + depth;
        for (Operator op : Operator.all()) {
            List<Type> arguments = op.arguments();
            if (arguments.size() == 1) {
                for (int a = 0; a < defined; a++) {
                    if (types[a] == Type.LIST) {
                        step(op, a, a, depth, visitor);
                    }
                }
            } else {
                for (int a = 0; a < defined; a++) {
                    if (types[a] != arguments.get(0)) {
                        continue;
                    }
                    for (int b = 0; b < defined; b++) {
                        if (types[b] == Type.LIST) {
                            step(op, a, b, depth, visitor);
                        }
                    }
                }
            }
        }
    }

    private void step(Operator op, int a, int b, int depth, Visitor visitor) {
        int out = signature.size() + depth;
        int rejected = 0;
        long hash = op.output().ordinal();
        int ra = base(a);
        int rb = base(b);
        int ro = base(out);
        for (int p = 0; p < probes; p++, ra += stride, rb += stride, ro += stride) {
            if (poisoned(a, p) || poisoned(b, p) || ListSemantics.apply(op, memory, ra, rb, ro) != ListSemantics.OK) {
                rejected++;
                memory[ro] = ListSemantics.NULL; // marks a list register as poisoned: consumers reject this probe too
                hash = hash * 0x9E3779B97F4A7C15L + 0x5bd1e995L;
                continue;
            }
            if (op.output() == Type.INT) {
                hash = hash * 0x9E3779B97F4A7C15L + memory[ro];
            } else {
                int n = memory[ro];
                hash = hash * 0x9E3779B97F4A7C15L + n + 1000;
                for (int k = 1; k <= n; k++) {
                    hash = hash * 31 + memory[ro + k];
                }
            }
        }
        statements[depth] = op.arity() == 1 ? Statement.of(op, a) : Statement.of(op, a, b);
        types[out] = op.output();
        visitor.visit(statements, depth + 1, hash ^ (hash >>> 29), rejected);
        if (depth + 1 < maxLength) {
            expand(depth + 1, visitor);
        }
    }

    /** Whether a list register was produced by a rejected probe (its length slot holds the NULL mark). */
    private boolean poisoned(int variable, int probe) {
        return types[variable] == Type.LIST && memory[base(variable) + probe * stride] == ListSemantics.NULL;
    }
}
