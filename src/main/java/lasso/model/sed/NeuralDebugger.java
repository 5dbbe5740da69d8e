package lasso.model.sed;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.Domain;
import lasso.domain.Domains;
import lasso.domain.ProgramSyntaxException;
import lasso.model.ModelDevice;
import lasso.model.ModelFiles;
import lasso.model.synthesis.BatchDecoder;
import lasso.model.synthesis.BeamSearch;
import lasso.model.synthesis.Decoded;
import lasso.model.synthesis.DecodingState;
import lasso.model.synthesis.Hypothesis;
import lasso.search.edit.EditOps;
import lasso.search.edit.EditScript;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A neural debugger: a domain, a {@link DebuggerNetwork} and its DJL parameters. On disk, a directory
 * with {@code debugger-0000.params} and {@code model.json} (the {@link DebuggerConfig} under
 * {@code debugger} and the training record). {@link #decode} is a batched beam search over edit ops
 * (C.4's masks, and the grammar's); each finished op sequence is applied to its program and the
 * distinct programs that parse come back, most probable first. Synchronised: one decoding at a time,
 * as DJL runs one thread per model; a {@link lasso.model.synthesis.DecodingBatcher} feeds it batches.
 */
public final class NeuralDebugger<P, I, O> implements BatchDecoder<EditInput<I, O>, List<Decoded<P>>>, AutoCloseable {

    static final String NAME = "debugger";
    public static final String METADATA = ModelFiles.METADATA;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Model model;
    private final DebuggerNetwork<I, O> network;
    private final Domain<P, I, O> domain;
    private final ObjectNode metadata;

    private NeuralDebugger(Model model, DebuggerNetwork<I, O> network, Domain<P, I, O> domain, ObjectNode metadata) {
        this.model = model;
        this.network = network;
        this.domain = domain;
        this.metadata = metadata;
    }

    /** A new network with parameters initialised from the engine's random seed. */
    public static NeuralDebugger<?, ?, ?> create(DebuggerConfig config) {
        return build(config, JSON.createObjectNode(), true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static NeuralDebugger<?, ?, ?> build(DebuggerConfig config, ObjectNode metadata, boolean initialize) {
        DebuggerNetwork<?, ?> network = "karel".equals(config.domain()) ? new KarelDebuggerNetwork(config)
                : new CDebuggerNetwork(config);
        Domain<?, ?, ?> domain = Domains.named(config.domain());
        Model model = Model.newInstance(NAME, ModelDevice.configured());
        model.setBlock(network);
        if (initialize) {
            network.initialize(model.getNDManager());
        }
        return new NeuralDebugger(model, network, domain, metadata);
    }

    /** Whether a directory holds a debugger (not a synthesizer). */
    public static boolean isDebugger(Path directory) {
        try {
            JsonNode metadata = JSON.readTree(directory.resolve(METADATA).toFile());
            return metadata.has(NAME);
        } catch (IOException e) {
            return false;
        }
    }

    /** Loads a debugger saved by {@link #save}. */
    public static NeuralDebugger<?, ?, ?> load(Path directory) throws IOException {
        ObjectNode metadata = ModelFiles.metadata(directory, "debugger");
        if (!metadata.has(NAME)) {
            throw new IOException(directory + " holds no debugger (its model.json has no '" + NAME + "' section)");
        }
        DebuggerConfig config = JSON.treeToValue(metadata.get(NAME), DebuggerConfig.class);
        NeuralDebugger<?, ?, ?> debugger = build(config, metadata, false);
        debugger.loadParameters(directory);
        return debugger;
    }

    /** Replaces the parameters by those saved in {@code directory} (a checkpoint or a model). */
    public void loadParameters(Path directory) throws IOException {
        ModelFiles.loadParameters(model, directory, NAME);
    }

    /** Writes the parameters and {@code model.json} (with {@code training} as the training record, if given). */
    public void save(Path directory, JsonNode training) throws IOException {
        ModelFiles.save(model, NAME, directory, metadata, NAME, network.config(), domain.name(), training);
    }

    public DebuggerConfig config() {
        return network.config();
    }

    public Domain<P, I, O> domain() {
        return domain;
    }

    public DebuggerNetwork<I, O> network() {
        return network;
    }

    public Model djlModel() {
        return model;
    }

    public ObjectNode metadata() {
        return metadata.deepCopy();
    }

    /** A program's token ids. */
    public int[] tokenIds(P program) {
        return domain.vocabulary().ids(domain.tokens(program));
    }

    /** The program of token ids. */
    public P program(int[] ids) throws ProgramSyntaxException {
        return domain.parse(domain.vocabulary().tokens(ids));
    }

    @Override
    public String name() {
        return network.config().name();
    }

    @Override
    public void check(EditInput<I, O> input) {
        network.check(input);
    }

    @Override
    public int examples(EditInput<I, O> input) {
        return input.given().size();
    }

    @Override
    public EditInput<I, O> firstExamples(EditInput<I, O> input, int max) {
        int kept = Math.min(max, input.given().size());
        return new EditInput<>(input.given().subList(0, kept), input.program(), input.traces().subList(0, kept));
    }

    /**
     * Beam search of edits over a batch of inputs (each equally many examples).
     *
     * @return per input, the distinct programs its finished edits write that parse and differ from the
     *         input's program, most probable first (at most {@code width})
     */
    @Override
    public synchronized List<List<Decoded<P>>> decode(List<EditInput<I, O>> inputs, int width,
                                                      IntPredicate abandoned) {
        if (inputs.isEmpty()) {
            return List.of();
        }
        for (EditInput<I, O> input : inputs) {
            network.check(input);
        }
        List<List<Hypothesis>> hypotheses;
        try (NDManager manager = model.getNDManager().newSubManager();
             DecodingState state = network.startDecoding(new ParameterStore(manager, false), manager, inputs)) {
            hypotheses = BeamSearch.search(state, inputs.size(), width, network.opCount(), EditOps.START,
                    t -> inputs.get(t).program().length + network.config().extraSteps() + 1,
                    t -> network.newMask(inputs.get(t).program()), abandoned);
        }
        List<List<Decoded<P>>> decoded = new ArrayList<>(hypotheses.size());
        for (int t = 0; t < hypotheses.size(); t++) {
            int[] source = inputs.get(t).program();
            Set<List<Integer>> seen = new HashSet<>();
            seen.add(ids(source));
            List<Decoded<P>> programs = new ArrayList<>();
            for (Hypothesis hypothesis : hypotheses.get(t)) {
                int[] written = EditScript.apply(hypothesis.tokens(), source);
                if (!seen.add(ids(written))) {
                    continue;
                }
                try {
                    programs.add(new Decoded<>(program(written), hypothesis.logProbability()));
                } catch (ProgramSyntaxException e) {
                    if (network.config().grammar()) {
                        throw new IllegalStateException("the grammar mask let through an edit that does not parse: "
                                + e.getMessage(), e);
                    }
                    // without the grammar mask, SED drops the edits that do not parse
                }
            }
            decoded.add(programs);
        }
        return decoded;
    }

    private static List<Integer> ids(int[] tokens) {
        List<Integer> list = new ArrayList<>(tokens.length);
        for (int token : tokens) {
            list.add(token);
        }
        return list;
    }

    @Override
    public void close() {
        model.close();
    }
}
