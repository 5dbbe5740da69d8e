package lasso.model.sed;

import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.search.Candidate;
import lasso.search.CandidateProposer;
import lasso.search.CandidateStream;
import lasso.search.Editor;
import lasso.search.Evaluated;
import lasso.search.Evaluator;
import lasso.search.Proposal;
import lasso.search.Search;
import lasso.search.SearchRunner;
import lasso.search.SearchSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Evaluates a debugger the way SED does (models.md C.8, C.9): each task starts from fixed initial
 * candidates (a synthesizer's beam, or one mutated program), and a search (best-first or greedy)
 * expands them with the debugger up to a budget of k debugger calls. A task is solved at k when a
 * program passing every given example turned up within k calls; it then generalises when the program
 * also passes the held-out examples, and matches exactly when its tokens are the reference's. One run
 * at the largest k gives every smaller k: a search's rounds do not depend on its budget until the
 * budget stops it. Tasks run on {@code jobs} threads, so a neural debugger batches their calls.
 */
public final class RepairEvaluation {

    private RepairEvaluation() {
    }

    /** A task: its examples, the reference program (may be null) and the search's initial candidates. */
    public record Case<P, I, O>(String id, List<Example<I, O>> given, List<Example<I, O>> heldout, P reference,
                                List<Candidate<P>> initial) {
    }

    /**
     * One task's outcome.
     *
     * @param solvedAt    debugger calls made when the answer turned up (0: an initial candidate), -1 if none did
     * @param generalizes the answer also passes the held-out examples
     * @param exact       the answer's tokens are the reference's
     * @param answer      the answer, or the best program found, null when no candidate was valid
     */
    public record Result<P>(String id, long solvedAt, boolean generalizes, boolean exact, long expansions,
                            long evaluated, P answer) {

        public boolean generalizesWithin(long k) {
            return solvedAt >= 0 && solvedAt <= k && generalizes;
        }

        public boolean exactWithin(long k) {
            return solvedAt >= 0 && solvedAt <= k && exact;
        }
    }

    /** Runs every case's search on {@code jobs} threads; {@code progress} hears how many have finished. */
    public static <P, I, O> List<Result<P>> run(Domain<P, I, O> domain, List<Case<P, I, O>> cases, Editor<P, I, O> editor,
                                                SearchSettings settings, int jobs, IntConsumer progress) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs), runnable -> {
            Thread thread = new Thread(runnable, "repair-evaluation");
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<Result<P>>> futures = new ArrayList<>(cases.size());
            for (Case<P, I, O> task : cases) {
                futures.add(pool.submit(() -> {
                    Result<P> result = one(domain, task, editor, settings);
                    progress.accept(done.incrementAndGet());
                    return result;
                }));
            }
            List<Result<P>> results = new ArrayList<>(cases.size());
            for (Future<Result<P>> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a task's search failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One task's search. */
    public static <P, I, O> Result<P> one(Domain<P, I, O> domain, Case<P, I, O> task, Editor<P, I, O> editor,
                                          SearchSettings settings) {
        Evaluator<P, I, O> evaluator = new Evaluator<>(domain, task.given(), task.heldout());
        Search<P> search = new SearchRunner<>(evaluator, fixed(task.initial()), editor).run(settings);
        Optional<Evaluated<P>> solution = search.solution();
        P answer = search.best().map(Evaluated::program).orElse(null);
        if (solution.isEmpty()) {
            return new Result<>(task.id(), -1, false, false, search.expansions(), search.evaluated(), answer);
        }
        P program = solution.get().program();
        boolean generalizes = solution.get().evaluation().heldoutPassed() == task.heldout().size();
        boolean exact = task.reference() != null && domain.tokens(program).equals(domain.tokens(task.reference()));
        return new Result<>(task.id(), search.expansions(), generalizes, exact, search.expansions(), search.evaluated(),
                program);
    }

    /** A proposer that gives one job's fixed candidates in one batch. */
    private static <P, I, O> CandidateProposer<P, I, O> fixed(List<Candidate<P>> candidates) {
        return (given, seed) -> new CandidateStream<>() {
            @Override
            public java.util.concurrent.CompletionStage<Proposal<P>> next(int max) {
                return CompletableFuture.completedFuture(new Proposal<>(candidates, true));
            }
        };
    }
}
