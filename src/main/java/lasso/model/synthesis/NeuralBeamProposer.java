package lasso.model.synthesis;

import lasso.domain.Example;
import lasso.search.Candidate;
import lasso.search.CandidateProposer;
import lasso.search.CandidateStream;
import lasso.search.Proposal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The neural synthesizer as a search's {@link CandidateProposer}: a job's stream decodes the job's
 * given examples with a beam of {@code firstWidth}, then, when the search asks for more, with beams
 * twice as wide (up to {@code maxWidth}), each time handing over only programs it has not handed over
 * before, most probable first, scored by their log-probability. Every decode goes through one
 * {@link DecodingBatcher}, so the requests of concurrent jobs are decoded as one batch. Beam search is
 * deterministic: the seed changes nothing. With a {@code fallback} proposer, the stream goes on with the
 * fallback's candidates (those the beams did not already give) once the widest beam has run, so a
 * search never has fewer candidates than without the network; a fallback that repeats itself is
 * deduplicated by the search, as any proposer is.
 */
public final class NeuralBeamProposer<P, I, O> implements CandidateProposer<P, I, O> {

    private final DecodingBatcher<List<Example<I, O>>, List<Decoded<P>>> batcher;
    private final int firstWidth;
    private final int maxWidth;
    private final CandidateProposer<P, I, O> fallback;

    public NeuralBeamProposer(DecodingBatcher<List<Example<I, O>>, List<Decoded<P>>> batcher, int firstWidth, int maxWidth) {
        this(batcher, firstWidth, maxWidth, null);
    }

    /** @param fallback the proposer whose stream follows the beams' (null: none) */
    public NeuralBeamProposer(DecodingBatcher<List<Example<I, O>>, List<Decoded<P>>> batcher, int firstWidth, int maxWidth,
                              CandidateProposer<P, I, O> fallback) {
        if (firstWidth < 1 || maxWidth < firstWidth) {
            throw new IllegalArgumentException("beam widths must satisfy 1 <= first <= max: " + firstWidth + ", " + maxWidth);
        }
        this.batcher = batcher;
        this.firstWidth = firstWidth;
        this.maxWidth = maxWidth;
        this.fallback = fallback;
    }

    @Override
    public CandidateStream<P> open(List<Example<I, O>> given, long seed) {
        return new Stream(List.copyOf(given), seed);
    }

    private final class Stream implements CandidateStream<P> {

        private final List<Example<I, O>> given;
        private final long seed;
        private final Set<P> seen = new HashSet<>();
        private final Deque<Candidate<P>> pending = new ArrayDeque<>();
        private int width;
        private boolean widest;
        private CandidateStream<P> after;
        private volatile CompletableFuture<List<Decoded<P>>> inFlight;

        Stream(List<Example<I, O>> given, long seed) {
            this.given = given;
            this.seed = seed;
        }

        @Override
        public CompletionStage<Proposal<P>> next(int max) {
            if (widest && pending.isEmpty() && fallback != null) {
                if (after == null) {
                    after = fallback.open(given, seed);
                }
                // Only the beams' programs are dropped: remembering the fallback's too held every program of a
                // long job here, parsed (about 700 bytes each for Karel), besides its frontier shards' seen sets.
                return after.next(max).thenApply(proposal -> new Proposal<>(proposal.candidates().stream()
                        .filter(candidate -> !seen.contains(candidate.program())).toList(), proposal.exhausted()));
            }
            if (!pending.isEmpty() || widest) {
                return CompletableFuture.completedFuture(take(max));
            }
            return widen().thenApply(ignored -> take(max));
        }

        @Override
        public void close() {
            CompletableFuture<List<Decoded<P>>> decoding = inFlight;
            if (decoding != null) { // a closed job's beam is not decoded: the batcher drops cancelled requests
                decoding.cancel(false);
            }
            if (after != null) {
                after.close();
            }
        }

        /** Decodes with the next beam width until something new turns up or the widest beam has run. */
        private CompletionStage<Void> widen() {
            width = width == 0 ? firstWidth : Math.min(maxWidth, width * 2);
            inFlight = batcher.decode(given, width);
            return inFlight.thenCompose(decoded -> {
                for (Decoded<P> program : decoded) {
                    if (seen.add(program.program())) {
                        pending.add(new Candidate<>(program.program(), program.logProbability()));
                    }
                }
                widest = width >= maxWidth;
                return pending.isEmpty() && !widest ? widen() : CompletableFuture.completedFuture(null);
            });
        }

        private Proposal<P> take(int max) {
            List<Candidate<P>> batch = new ArrayList<>(Math.min(max, pending.size()));
            while (batch.size() < max && !pending.isEmpty()) {
                batch.add(pending.poll());
            }
            return new Proposal<>(batch, widest && pending.isEmpty() && fallback == null);
        }
    }
}
