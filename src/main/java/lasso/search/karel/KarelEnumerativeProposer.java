package lasso.search.karel;

import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.domain.karel.KarelDomain;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelMachine;
import lasso.domain.karel.KarelProgram;
import lasso.domain.karel.Statement;
import lasso.search.Candidate;
import lasso.search.CandidateProposer;
import lasso.search.CandidateStream;
import lasso.search.Proposal;
import lasso.search.ProposerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Karel programs enumerated by size over the grammar, with observational-equivalence pruning on the
 * given examples. A program is a sequence of top-level statements; it grows one statement at a time
 * (any statement of the grammar, see {@link StatementLibrary}), and each prefix is run on the
 * examples' inputs by running its last statement from the states the shorter prefix left. A prefix
 * is dropped when it crashes or times out on some example (no program that starts with it can pass
 * them all), or when it leaves the same worlds on every example as a prefix already kept (every
 * continuation would behave as that shorter or earlier one does). Each kept prefix is a program whose
 * behaviour on the examples is new, and is proposed, smallest first, scored by minus its length.
 */
public final class KarelEnumerativeProposer implements CandidateProposer<KarelProgram, KarelGrid, KarelGrid> {

    /** Longest program proposed, in tokens with {@code DEF run m( … m)} (the test split's programs have up to 65). */
    static final int MAX_PROGRAM_TOKENS = 40;
    private static final int FRAME_TOKENS = 4;
    /**
     * Longest a batch may take: a level with many prefixes can take minutes to enumerate, and a
     * synthesizer must stay responsive to its other jobs, so a batch may come back short.
     */
    private static final long SLICE_NANOS = 200_000_000L;

    private final KarelDomain domain;
    private final StatementLibrary library;

    public KarelEnumerativeProposer(KarelDomain domain, StatementLibrary library) {
        this.domain = domain;
        this.library = library;
    }

    @Override
    public CandidateStream<KarelProgram> open(List<Example<KarelGrid, KarelGrid>> given, long seed) {
        return new Enumeration(given.stream().map(Example::input).toArray(KarelGrid[]::new));
    }

    /** A kept prefix: its statements, token count (without the frame), worlds and steps per example. */
    private record Prefix(List<Statement> statements, int size, KarelGrid[] states, int[] steps) {
    }

    /** The worlds a prefix leaves on the examples, as an equality key. */
    private record States(KarelGrid[] grids) {

        @Override
        public boolean equals(Object other) {
            return other instanceof States states && Arrays.equals(grids, states.grids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(grids);
        }
    }

    /** One job's enumeration; {@link #next} resumes where the last batch stopped. */
    private final class Enumeration implements CandidateStream<KarelProgram> {

        private final KarelGrid[] inputs;
        private final List<List<Prefix>> levels = new ArrayList<>();
        private final Set<States> seen = new HashSet<>();
        /** The size being enumerated, the size of the statement appended, and positions in both lists. */
        private int size = 1;
        private int statementSize = 1;
        private int prefixIndex;
        private int statementIndex;

        Enumeration(KarelGrid[] inputs) {
            this.inputs = inputs;
            levels.add(List.of(new Prefix(List.of(), 0, inputs, new int[inputs.length])));
            seen.add(new States(inputs));
            levels.add(new ArrayList<>());
        }

        @Override
        public CompletionStage<Proposal<KarelProgram>> next(int max) {
            List<Candidate<KarelProgram>> batch = new ArrayList<>(); // grows with what is found, never by the caller's max
            KarelMachine machine = domain.machine();
            int maxSteps = machine.rules().maxSteps();
            long stopAt = System.nanoTime() + SLICE_NANOS;
            int steps = 0;
            while (batch.size() < max && size <= MAX_PROGRAM_TOKENS - FRAME_TOKENS
                    && ((++steps & 255) != 0 || System.nanoTime() - stopAt < 0)) {
                List<Prefix> bases = levels.get(size - statementSize);
                List<StatementLibrary.Entry> statements = library.ofSize(statementSize);
                if (prefixIndex >= bases.size()) {
                    advanceStatementSize();
                    continue;
                }
                if (statementIndex >= statements.size()) {
                    statementIndex = 0;
                    prefixIndex++;
                    continue;
                }
                Prefix base = bases.get(prefixIndex);
                StatementLibrary.Entry statement = statements.get(statementIndex++);
                Prefix extended = extend(machine, maxSteps, base, statement);
                if (extended != null) {
                    levels.get(size).add(extended);
                    batch.add(new Candidate<>(new KarelProgram(extended.statements()), -(size + FRAME_TOKENS)));
                }
            }
            return CompletableFuture.completedFuture(new Proposal<>(batch, size > MAX_PROGRAM_TOKENS - FRAME_TOKENS));
        }

        private void advanceStatementSize() {
            prefixIndex = 0;
            statementIndex = 0;
            statementSize++;
            if (statementSize > Math.min(size, StatementLibrary.MAX_STATEMENT_TOKENS)) {
                size++;
                statementSize = 1;
                levels.add(new ArrayList<>());
            }
        }

        /** The prefix followed by the statement, or null when it fails somewhere or repeats known worlds. */
        private Prefix extend(KarelMachine machine, int maxSteps, Prefix base, StatementLibrary.Entry statement) {
            KarelGrid[] states = new KarelGrid[inputs.length];
            int[] steps = new int[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                if (machine.run(statement.program(), base.states()[i]) != KarelMachine.OK) {
                    return null;
                }
                steps[i] = base.steps()[i] + machine.steps();
                if (steps[i] > maxSteps) {
                    return null;
                }
                states[i] = machine.output();
            }
            if (!seen.add(new States(states))) {
                return null;
            }
            List<Statement> statements = new ArrayList<>(base.statements().size() + 1);
            statements.addAll(base.statements());
            statements.add(statement.statement());
            return new Prefix(statements, size, states, steps);
        }
    }

    /** Registered for Karel, above the generic generator sampler. */
    public static final class Factory implements ProposerFactory {

        private static final StatementLibrary LIBRARY = new StatementLibrary();

        @Override
        public String name() {
            return "enumerative";
        }

        @Override
        public boolean supports(Domain<?, ?, ?> domain) {
            return domain instanceof KarelDomain;
        }

        @Override
        public int priority() {
            return 10;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <P, I, O> CandidateProposer<P, I, O> create(Domain<P, I, O> domain) {
            return (CandidateProposer<P, I, O>) new KarelEnumerativeProposer((KarelDomain) domain, LIBRARY);
        }
    }
}
