package lasso.model.sed;

import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.domain.Trace;
import lasso.model.synthesis.SynthesizerTrainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A debugger's supervised data (models.md C.6, C.7): a wrong program of a task, its traces on the
 * task's given examples, and the task's program as the target. Stage 1 makes wrong programs by 1–3
 * mutations (P ∝ 1:2:3, each new to the chain) of the training programs; stage 2 takes the
 * synthesizer's mistakes. Traces come from {@code tracer}, the domain with the budget the data is
 * traced under (SED traces Karel mutants with 250 actions).
 */
public final class Repairs<P, I, O> {

    /** A task repairs are drawn from: its program, its given examples and all of its examples. */
    public record Source<P, I, O>(P program, List<Example<I, O>> given, List<Example<I, O>> all) {

        public Source {
            given = List.copyOf(given);
            all = List.copyOf(all);
        }
    }

    private final Domain<P, I, O> domain;
    private final Domain<P, I, O> tracer;

    public Repairs(Domain<P, I, O> domain, Domain<P, I, O> tracer) {
        this.domain = domain;
        this.tracer = tracer;
    }

    public Domain<P, I, O> domain() {
        return domain;
    }

    /** 1, 2 or 3 with probabilities 1/6, 2/6, 3/6 (SED's {@code --karel-mutate-n-dist 1,2,3}). */
    public static int chainLength(RandomGenerator random) {
        int r = random.nextInt(6);
        return r == 0 ? 1 : r < 3 ? 2 : 3;
    }

    /** Stage 1: the task's program mutated 1–3 times, to be repaired back; empty if it could not be mutated. */
    public Optional<RepairExample<I, O>> mutated(Source<P, I, O> source, RandomGenerator random) {
        return exactly(source, chainLength(random), random);
    }

    /** The task's program mutated exactly {@code m} times (the mutation benchmark). */
    public Optional<RepairExample<I, O>> exactly(Source<P, I, O> source, int m, RandomGenerator random) {
        return domain.mutator().mutateChain(source.program(), m, random).map(mutant -> repair(mutant, source));
    }

    /** Repairing {@code wrong} into the task's program. */
    public RepairExample<I, O> repair(P wrong, Source<P, I, O> source) {
        return new RepairExample<>(input(wrong, source.given()), ids(source.program()));
    }

    /** What a debugger reads of a wrong program: the examples, its tokens and its traces on them. */
    public EditInput<I, O> input(P wrong, List<Example<I, O>> given) {
        List<Trace<?>> traces = new ArrayList<>(given.size());
        for (Example<I, O> example : given) {
            traces.add(tracer.trace(wrong, example.input()));
        }
        return new EditInput<>(given, ids(wrong), traces);
    }

    public int[] ids(P program) {
        return domain.vocabulary().ids(domain.tokens(program));
    }

    /**
     * Stage 1's batches: step {@code s} takes the next {@code size} sources of a shuffle of them (a new
     * shuffle per pass) and mutates each with a random stream of the seed, {@code s} and its place.
     */
    public DebuggerTrainer.Batches<I, O> mutationBatches(List<Source<P, I, O>> sources, long seed) {
        return new Shuffled<>(sources.size(), seed) {
            @Override
            RepairExample<I, O> draw(int index, SplittableRandom random) {
                Source<P, I, O> source = sources.get(index);
                for (int attempt = 0; attempt < 10; attempt++) {
                    Optional<RepairExample<I, O>> repair = mutated(source, random);
                    if (repair.isPresent()) {
                        return repair.get();
                    }
                }
                throw new IllegalStateException("cannot mutate " + domain.print(source.program()));
            }
        };
    }

    /** Stage 2's batches: fixed repairs in a new shuffle per pass. */
    public static <I, O> DebuggerTrainer.Batches<I, O> fixedBatches(List<RepairExample<I, O>> repairs, long seed) {
        return new Shuffled<>(repairs.size(), seed) {
            @Override
            RepairExample<I, O> draw(int index, SplittableRandom random) {
                return repairs.get(index);
            }
        };
    }

    /**
     * Two sources in one batch: the first {@code size − round(size · share)} repairs of each step from
     * {@code first}, the rest from {@code second} (stage 2 replays stage 1's mutations so that the
     * debugger does not forget them while it learns the synthesizer's mistakes).
     */
    public static <I, O> DebuggerTrainer.Batches<I, O> mixed(DebuggerTrainer.Batches<I, O> first,
                                                             DebuggerTrainer.Batches<I, O> second, double share) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("a share is within 0..1, not " + share);
        }
        return (step, size) -> {
            int fromSecond = (int) Math.round(size * share);
            List<RepairExample<I, O>> batch = new ArrayList<>(size);
            if (fromSecond < size) {
                batch.addAll(first.batch(step, size - fromSecond));
            }
            if (fromSecond > 0) {
                batch.addAll(second.batch(step, fromSecond));
            }
            return batch;
        };
    }

    /** Passes over {@code size} items, each in its own order; deterministic for (seed, step). */
    private abstract static class Shuffled<I, O> implements DebuggerTrainer.Batches<I, O> {
        private final int size;
        private final long seed;
        private long pass = -1;
        private List<Integer> order;

        Shuffled(int size, long seed) {
            if (size == 0) {
                throw new IllegalArgumentException("no training data");
            }
            this.size = size;
            this.seed = seed;
        }

        abstract RepairExample<I, O> draw(int index, SplittableRandom random);

        @Override
        public List<RepairExample<I, O>> batch(long step, int batchSize) {
            List<RepairExample<I, O>> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                long position = step * batchSize + i;
                long itsPass = position / size;
                if (itsPass != pass) {
                    order = SynthesizerTrainer.shuffled(size, new SplittableRandom(seed * 1_000_003L + itsPass));
                    pass = itsPass;
                }
                SplittableRandom random = new SplittableRandom(seed * 31L + position * 0x9E3779B97F4A7C15L);
                batch.add(draw(order.get((int) (position % size)), random));
            }
            return batch;
        }
    }
}
