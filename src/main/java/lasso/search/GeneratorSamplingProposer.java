package lasso.search;

import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.domain.TaskGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The synthesizer of any domain that has no better one: random programs from the domain's task
 * generator (its benchmark distribution), each new to the stream, scored by minus their length so
 * that shorter programs win ties. The stream ends when many draws in a row bring nothing new.
 */
public final class GeneratorSamplingProposer<P, I, O> implements CandidateProposer<P, I, O> {

    /** Draws per wanted candidate before the stream counts as exhausted. */
    private static final int DRAWS_PER_CANDIDATE = 50;
    /** Longest a batch may take (a generator's filters can be slow): a batch may come back short. */
    private static final long SLICE_NANOS = 200_000_000L;

    private final Domain<P, I, O> domain;
    private final TaskGenerator<P, I, O> generator;

    public GeneratorSamplingProposer(Domain<P, I, O> domain) {
        this.domain = domain;
        this.generator = domain.generator(Map.of());
    }

    @Override
    public CandidateStream<P> open(List<Example<I, O>> given, long seed) {
        return new Stream(new SplittableRandom(seed));
    }

    private final class Stream implements CandidateStream<P> {

        private final SplittableRandom random;
        /** Fingerprints: the programs themselves, parsed, held hundreds of bytes each for as long as the job ran. */
        private final SeenPrograms<P> emitted = SeenPrograms.fingerprints(p -> SeenPrograms.fingerprint(domain.tokens(p)));

        Stream(SplittableRandom random) {
            this.random = random;
        }

        @Override
        public CompletionStage<Proposal<P>> next(int max) {
            List<Candidate<P>> batch = new ArrayList<>(); // grows with what is found, never by the caller's max
            long draws = 0;
            long limit = (long) max * DRAWS_PER_CANDIDATE;
            long stopAt = System.nanoTime() + SLICE_NANOS;
            while (batch.size() < max && draws < limit && System.nanoTime() - stopAt < 0) {
                draws++;
                Optional<TaskGenerator.Generated<P, I, O>> drawn = generator.attempt(random);
                if (drawn.isPresent() && emitted.add(drawn.get().program())) {
                    P program = drawn.get().program();
                    batch.add(new Candidate<>(program, -domain.tokens(program).size()));
                    draws = 0;
                }
            }
            return CompletableFuture.completedFuture(new Proposal<>(batch, draws >= limit));
        }
    }

    /** Registered for every domain with the lowest priority. */
    public static final class Factory implements ProposerFactory {

        @Override
        public String name() {
            return "generator";
        }

        @Override
        public boolean supports(Domain<?, ?, ?> domain) {
            return true;
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public <P, I, O> CandidateProposer<P, I, O> create(Domain<P, I, O> domain) {
            return new GeneratorSamplingProposer<>(domain);
        }
    }
}
