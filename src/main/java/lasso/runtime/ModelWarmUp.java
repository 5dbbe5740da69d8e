package lasso.runtime;

import lasso.domain.Domain;
import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.TaskGeneration;
import lasso.search.CandidateProposer;
import lasso.search.CandidateStream;
import lasso.search.Editors;
import lasso.search.Proposers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Loads what a node's workers will search with before the first job needs it: every domain's
 * synthesizer (its model, shared by the JVM's synthesizer actors) proposes once for a generated task,
 * and every debugger is made. Without it the first job of a domain spends its deadline waiting for a
 * model to load. Runs on a thread of its own; the node takes jobs meanwhile.
 */
final class ModelWarmUp {

    /** The longest one domain's first proposal may take (a model load included). */
    private static final long PROPOSAL_TIMEOUT_SECONDS = 300;

    private ModelWarmUp() {
    }

    /** Completes when every model is warm; fails naming the first domain that could not be warmed. */
    static CompletionStage<Void> start(RuntimeSettings settings, List<String> roles) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                for (Domain<?, ?, ?> domain : Domains.all()) {
                    warm(domain, settings, roles);
                }
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }, "lasso-warm-up");
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    private static <P, I, O> void warm(Domain<P, I, O> domain, RuntimeSettings settings, List<String> roles) {
        try {
            if (roles.contains(Node.MODEL) || roles.contains(Node.SYNTHESIZER)) {
                CandidateProposer<P, I, O> proposer = Proposers.create(domain, settings.proposers().get(domain.name()));
                List<Example<I, O>> given = TaskGeneration.one(domain.generator(Map.of()), 1, 0).task().examples()
                        .stream().filter(example -> !example.heldout()).toList();
                try (CandidateStream<P> stream = proposer.open(given, 1)) {
                    stream.next(1).toCompletableFuture().get(PROPOSAL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
            }
            if (roles.contains(Node.MODEL) || roles.contains(Node.DEBUGGER)) {
                Editors.create(domain, settings.editors().get(domain.name()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("warming domain " + domain.name() + " was interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot warm domain " + domain.name() + ": " + e, e);
        }
    }
}
