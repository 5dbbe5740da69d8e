package lasso.search.list;

import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.domain.list.ListDomain;
import lasso.domain.list.ListInput;
import lasso.domain.list.ListProgram;
import lasso.domain.list.Value;
import lasso.search.Candidate;
import lasso.search.CandidateProposer;
import lasso.search.CandidateStream;
import lasso.search.Proposal;
import lasso.search.ProposerFactory;
import lasso.search.deepcoder.AttributePredictor;
import lasso.search.deepcoder.Budget;
import lasso.search.deepcoder.DeepcoderSearch;
import lasso.search.deepcoder.Prior;
import lasso.search.deepcoder.SearchControl;
import lasso.search.deepcoder.SearchProblem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The DeepCoder search (DFS or Sort-and-add over programs of up to {@code maxLength} statements,
 * ordered by attribute probabilities) as a synthesizer: each job's search runs on its own thread and
 * streams the programs it finds (every one satisfies the given examples); closing the stream
 * cancels the search.
 */
public final class DeepcoderProposer implements CandidateProposer<ListProgram, ListInput, Value> {

    private final AttributePredictor predictor;
    private final DeepcoderSearch search;

    public DeepcoderProposer(AttributePredictor predictor, DeepcoderSearch.Strategy strategy, int maxLength) {
        this.predictor = predictor;
        this.search = new DeepcoderSearch(strategy, maxLength, 1);
    }

    /** @throws IllegalArgumentException when the examples do not make a search problem (mixed types, NULL inputs) */
    @Override
    public CandidateStream<ListProgram> open(List<Example<ListInput, Value>> given, long seed) {
        SearchProblem problem = new SearchProblem(given);
        Stream stream = new Stream();
        Thread thread = new Thread(() -> stream.run(problem), "deepcoder-search");
        thread.setDaemon(true);
        thread.start();
        return stream;
    }

    /** Programs found by one job's search, waiting to be asked for. */
    private final class Stream implements CandidateStream<ListProgram> {

        private final SearchControl control = new SearchControl(Budget.UNLIMITED);
        private final ArrayDeque<ListProgram> found = new ArrayDeque<>();
        private CompletableFuture<Proposal<ListProgram>> waiting;
        private int wanted;
        private boolean over;
        private RuntimeException failure;

        void run(SearchProblem problem) {
            try {
                search.run(problem, predictor.predict(problem), control, (program, nodes) -> {
                    offer(program);
                    return true;
                });
            } catch (RuntimeException e) {
                synchronized (this) {
                    failure = e;
                }
            }
            synchronized (this) {
                over = true;
                answer();
            }
        }

        private synchronized void offer(ListProgram program) {
            found.add(program);
            answer();
        }

        @Override
        public synchronized CompletionStage<Proposal<ListProgram>> next(int max) {
            waiting = new CompletableFuture<>();
            wanted = max;
            CompletableFuture<Proposal<ListProgram>> result = waiting;
            answer();
            return result;
        }

        /** Completes the waiting request once there is something to give or the search is over. */
        private void answer() {
            if (waiting == null || (found.isEmpty() && !over)) {
                return;
            }
            if (failure != null) {
                waiting.completeExceptionally(failure);
            } else {
                List<Candidate<ListProgram>> batch = new ArrayList<>();
                while (batch.size() < wanted && !found.isEmpty()) {
                    ListProgram program = found.poll();
                    batch.add(new Candidate<>(program, -program.statements().size()));
                }
                waiting.complete(new Proposal<>(batch, over && found.isEmpty()));
            }
            waiting = null;
        }

        @Override
        public void close() {
            control.cancel();
        }
    }

    /**
     * DFS ordered by the prior (how often each attribute appears in generated programs), for the list
     * DSL when no trained network is at hand.
     */
    public static final class PriorFactory implements ProposerFactory {

        /** Generated programs the prior is counted over. */
        private static final int PRIOR_SAMPLE = 2000;
        private static final int MAX_LENGTH = 3;

        /** Made once per JVM (counting the prior takes a moment) and shared by every synthesizer. */
        private DeepcoderProposer proposer;

        @Override
        public String name() {
            return "deepcoder-prior";
        }

        @Override
        public boolean supports(Domain<?, ?, ?> domain) {
            return domain instanceof ListDomain;
        }

        @Override
        public int priority() {
            return 10;
        }

        @Override
        @SuppressWarnings("unchecked")
        public synchronized <P, I, O> CandidateProposer<P, I, O> create(Domain<P, I, O> domain) {
            if (proposer == null) {
                TaskGenerator<ListProgram, ListInput, Value> generator = ((ListDomain) domain).generator(Map.of());
                List<ListProgram> programs = new ArrayList<>(PRIOR_SAMPLE);
                for (int i = 0; i < PRIOR_SAMPLE; i++) {
                    programs.add(TaskGeneration.one(generator, 1, i).task().program());
                }
                proposer = new DeepcoderProposer(Prior.of(programs), DeepcoderSearch.Strategy.DFS, MAX_LENGTH);
            }
            return (CandidateProposer<P, I, O>) proposer;
        }
    }
}
