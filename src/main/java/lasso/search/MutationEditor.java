package lasso.search;

import lasso.domain.Domain;
import lasso.domain.Mutator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A debugger without a model: the domain's mutation operators as the moves of a local search. Each
 * expansion draws distinct mutants of the failing program (mostly single mutations, some chains),
 * scored by minus their length so that the frontier prefers shorter programs among equals. It does
 * not read the traces; the neural debugger that replaces it does.
 */
public final class MutationEditor<P, I, O> implements Editor<P, I, O> {

    /** Draws per wanted edit before giving up (a tiny program may have few distinct mutants). */
    private static final int DRAWS_PER_EDIT = 20;

    private final Domain<P, I, O> domain;
    private final Mutator<P> mutator;

    public MutationEditor(Domain<P, I, O> domain) {
        this.domain = domain;
        this.mutator = domain.mutator();
    }

    @Override
    public CompletionStage<List<Candidate<P>>> edit(EditRequest<P, I, O> request) {
        P parent = request.parent().program();
        SplittableRandom random = new SplittableRandom(request.seed());
        Set<P> mutants = new LinkedHashSet<>();
        long limit = (long) request.max() * DRAWS_PER_EDIT;
        for (long draw = 0; draw < limit && mutants.size() < request.max(); draw++) {
            Optional<P> mutant = random.nextInt(4) == 0
                    ? mutator.mutateChain(parent, random) : mutator.mutate(parent, random);
            if (mutant.isPresent() && !mutant.get().equals(parent)) {
                mutants.add(mutant.get());
            }
        }
        List<Candidate<P>> edits = new ArrayList<>(mutants.size());
        for (P mutant : mutants) {
            edits.add(new Candidate<>(mutant, -domain.tokens(mutant).size()));
        }
        return CompletableFuture.completedFuture(edits);
    }

    /** Registered for every domain with the lowest priority. */
    public static final class Factory implements EditorFactory {

        @Override
        public String name() {
            return "mutation";
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
        public <P, I, O> Editor<P, I, O> create(Domain<P, I, O> domain) {
            return new MutationEditor<>(domain);
        }
    }
}
