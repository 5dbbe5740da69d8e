package lasso.search;

import lasso.domain.Example;
import lasso.domain.Trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a search on the calling thread: the synthesizer, the evaluator and the debugger called
 * directly. The runtime's job coordinator drives the same {@link Search} with actors; this driver
 * is the reference it must agree with, and what benchmarks and tests of the algorithms use.
 */
public final class SearchRunner<P, I, O> {

    private final Evaluator<P, I, O> evaluator;
    private final CandidateProposer<P, I, O> proposer;
    private final Editor<P, I, O> editor;

    public SearchRunner(Evaluator<P, I, O> evaluator, CandidateProposer<P, I, O> proposer, Editor<P, I, O> editor) {
        this.evaluator = evaluator;
        this.proposer = proposer;
        this.editor = editor;
    }

    /** Runs one search to its end and returns it (answer, best program, counters, stop reason). */
    public Search<P> run(SearchSettings settings) {
        return run(settings, 1);
    }

    /** The same search with its programs split over {@code shards} shards: the same outcome. */
    public Search<P> run(SearchSettings settings, int shards) {
        Search<P> search = Search.create(settings, shards, System::nanoTime, System.nanoTime());
        try (CandidateStream<P> stream = proposer.open(evaluator.given(), settings.seed())) {
            Optional<Round<P>> next;
            while ((next = search.next()).isPresent()) {
                Round<P> round = next.get();
                Proposal<P> proposal = round.propose() > 0 ? take(stream, round.propose()) : null;
                List<List<Candidate<P>>> edits = new ArrayList<>();
                for (Expansion<P> expansion : round.expand()) {
                    edits.add(editor.edit(editRequest(expansion, settings)).toCompletableFuture().join());
                }
                for (Admitted<P> candidate : search.admit(round, proposal, edits)) {
                    search.record(candidate, evaluator.evaluate(candidate.program()));
                }
                search.endRound();
            }
        }
        return search;
    }

    /**
     * The next {@code count} candidates of the stream (all that is left at its end), however the
     * proposer cuts its batches: as the job coordinator gathers them, so that both run the same search.
     */
    private static <P> Proposal<P> take(CandidateStream<P> stream, int count) {
        List<Candidate<P>> batch = new ArrayList<>(Math.min(count, 1024));
        boolean exhausted = false;
        while (batch.size() < count && !exhausted) {
            Proposal<P> part = stream.next(count - batch.size()).toCompletableFuture().join();
            batch.addAll(part.candidates());
            exhausted = part.exhausted();
        }
        return new Proposal<>(batch, exhausted);
    }

    private EditRequest<P, I, O> editRequest(Expansion<P> expansion, SearchSettings settings) {
        Evaluated<P> parent = expansion.parent();
        List<Trace<?>> traces = new ArrayList<>();
        for (Example<I, O> example : evaluator.given()) {
            traces.add(evaluator.domain().trace(parent.program(), example.input()));
        }
        return new EditRequest<>(evaluator.given(), new Candidate<>(parent.program(), parent.candidate().score()),
                traces, settings.editsPerExpansion(), Seeds.mix(settings.seed(), expansion.index()));
    }
}
