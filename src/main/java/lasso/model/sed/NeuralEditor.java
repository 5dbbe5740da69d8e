package lasso.model.sed;

import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.model.synthesis.Decoded;
import lasso.model.synthesis.DecodingBatcher;
import lasso.search.Candidate;
import lasso.search.EditRequest;
import lasso.search.Editor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The neural debugger as a search's {@link Editor}: an expansion's program, its traces on the given
 * examples (as the executor recorded them) and the examples are decoded with a beam as wide as the
 * edits asked for, through a {@link DecodingBatcher} shared by every job of the JVM, so concurrent
 * jobs' expansions decode as one batch. The edits are the distinct programs the beam writes, most
 * probable first, scored by their log-probability. A request the network cannot read (a Karel world
 * larger than the model's grid) or a failed decoding goes to the {@code fallback} editor when there is
 * one (the random mutations), so a job never fails for its debugger's limits.
 */
public final class NeuralEditor<P, I, O> implements Editor<P, I, O> {

    private final DecodingBatcher<EditInput<I, O>, List<Decoded<P>>> batcher;
    private final Repairs<P, I, O> inputs;
    private final Editor<P, I, O> fallback;

    /** @param fallback the editor for requests the network cannot serve (null: they fail) */
    public NeuralEditor(Domain<P, I, O> domain, DecodingBatcher<EditInput<I, O>, List<Decoded<P>>> batcher,
                        Editor<P, I, O> fallback) {
        this.batcher = batcher;
        this.inputs = new Repairs<>(domain, domain);
        this.fallback = fallback;
    }

    @Override
    public CompletionStage<List<Candidate<P>>> edit(EditRequest<P, I, O> request) {
        P parent = request.parent().program();
        CompletableFuture<List<Decoded<P>>> decoded;
        try {
            List<Example<I, O>> given = request.given();
            decoded = batcher.decode(new EditInput<>(given, inputs.ids(parent), request.traces()), request.max());
        } catch (IllegalArgumentException e) {
            decoded = CompletableFuture.failedFuture(e);
        }
        CompletionStage<List<Candidate<P>>> edits = decoded.thenApply(programs -> {
            List<Candidate<P>> candidates = new ArrayList<>(programs.size());
            for (Decoded<P> program : programs) {
                if (!program.program().equals(parent) && candidates.size() < request.max()) {
                    candidates.add(new Candidate<>(program.program(), program.logProbability()));
                }
            }
            return candidates;
        });
        if (fallback == null) {
            return edits;
        }
        return edits.exceptionallyCompose(failure -> fallback.edit(request));
    }
}
