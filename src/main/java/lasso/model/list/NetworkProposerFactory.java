package lasso.model.list;

import lasso.domain.Domain;
import lasso.domain.list.ListDomain;
import lasso.model.deepcoder.DeepcoderModel;
import lasso.search.CandidateProposer;
import lasso.search.ProposerFactory;
import lasso.search.deepcoder.AttributePredictor;
import lasso.search.deepcoder.DeepcoderSearch;
import lasso.search.deepcoder.SearchProblem;
import lasso.search.list.DeepcoderProposer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The DeepCoder synthesizer of the list DSL as the paper runs it: Sort-and-add over programs of up
 * to three statements, ordered by the trained attribute network. Chosen over the prior-ordered
 * search whenever the shipped weights are found: the directory named by the system property
 * {@code lasso.deepcoder.model}, else {@code models/deepcoder-t3} under the working directory.
 */
public final class NetworkProposerFactory implements ProposerFactory {

    private static final int MAX_LENGTH = 3;

    /** Loaded once per JVM and shared by every synthesizer. */
    private DeepcoderProposer proposer;

    private static Path modelDirectory() {
        return Path.of(System.getProperty("lasso.deepcoder.model", "models/deepcoder-t3"));
    }

    @Override
    public String name() {
        return "deepcoder";
    }

    @Override
    public boolean supports(Domain<?, ?, ?> domain) {
        return domain instanceof ListDomain && Files.isRegularFile(modelDirectory().resolve("model.json"));
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <P, I, O> CandidateProposer<P, I, O> create(Domain<P, I, O> domain) {
        if (proposer == null) {
            try {
                proposer = new DeepcoderProposer(new SerialPredictor(DeepcoderModel.load(modelDirectory())),
                        DeepcoderSearch.Strategy.SORT_AND_ADD, MAX_LENGTH);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the DeepCoder network from " + modelDirectory(), e);
            }
        }
        return (CandidateProposer<P, I, O>) proposer;
    }

    /** One prediction at a time: every job's search thread shares the one loaded network. */
    private record SerialPredictor(DeepcoderModel model) implements AttributePredictor {

        @Override
        public synchronized double[] predict(SearchProblem problem) {
            return model.predict(problem);
        }
    }
}
