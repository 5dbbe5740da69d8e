package lasso.model.synthesis;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.Domain;
import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.ProgramSyntaxException;
import lasso.model.ModelDevice;
import lasso.model.ModelFiles;
import lasso.model.karel.KarelNetwork;
import lasso.model.lasynth.LaSynthNetwork;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A neural synthesizer: a domain, a network and its DJL parameters. On disk, a directory with
 * {@code synthesizer-0000.params} and {@code model.json} (the {@link SynthesizerConfig} and the
 * training record). {@link #decode} is a grammar-masked beam search over a batch of tasks; it is
 * synchronised, so one model serves one decoding at a time (DJL runs one thread per model).
 */
public final class NeuralSynthesizer<P, I, O> implements BatchDecoder<List<Example<I, O>>, List<Decoded<P>>>, AutoCloseable {

    static final String NAME = "synthesizer";
    public static final String METADATA = ModelFiles.METADATA;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Model model;
    private final SynthesisNetwork<I, O> network;
    private final Domain<P, I, O> domain;
    private final ObjectNode metadata;

    private NeuralSynthesizer(Model model, SynthesisNetwork<I, O> network, Domain<P, I, O> domain, ObjectNode metadata) {
        this.model = model;
        this.network = network;
        this.domain = domain;
        this.metadata = metadata;
    }

    /** A new network with parameters initialised from the engine's random seed. */
    public static NeuralSynthesizer<?, ?, ?> create(SynthesizerConfig config) {
        return build(config, JSON.createObjectNode(), true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static NeuralSynthesizer<?, ?, ?> build(SynthesizerConfig config, ObjectNode metadata, boolean initialize) {
        SynthesisNetwork<?, ?> network = switch (config.architecture()) {
            case SynthesizerConfig.LGRL -> new KarelNetwork(config);
            case SynthesizerConfig.LASYNTH -> new LaSynthNetwork(config);
            default -> throw new IllegalArgumentException("unknown architecture " + config.architecture());
        };
        Domain<?, ?, ?> domain = Domains.named(config.domain());
        Model model = Model.newInstance(NAME, ModelDevice.configured());
        model.setBlock(network);
        if (initialize) {
            network.initialize(model.getNDManager());
        }
        return new NeuralSynthesizer(model, network, domain, metadata);
    }

    /** Loads a synthesizer saved by {@link #save}. */
    public static NeuralSynthesizer<?, ?, ?> load(Path directory) throws IOException {
        ObjectNode metadata = ModelFiles.metadata(directory, "synthesizer");
        SynthesizerConfig config = JSON.treeToValue(metadata.get("config"), SynthesizerConfig.class);
        NeuralSynthesizer<?, ?, ?> synthesizer = build(config, metadata, false);
        synthesizer.loadParameters(directory);
        return synthesizer;
    }

    /** Replaces the parameters by those saved in {@code directory} (a checkpoint or a model, either precision). */
    public void loadParameters(Path directory) throws IOException {
        ModelFiles.loadParameters(model, directory, NAME);
        convert(DataType.FLOAT32);
    }

    /** Writes the parameters and {@code model.json} (with {@code training} as the training record, if given). */
    public void save(Path directory, JsonNode training) throws IOException {
        save(directory, training, false);
    }

    /**
     * Writes the parameters, in half precision if asked (2 bytes a weight, for shipped models: LaSynth at
     * H = 128 has 5 M parameters), and {@code model.json} (with {@code training} as the training
     * record, if given). The network computes in single precision either way.
     */
    public synchronized void save(Path directory, JsonNode training, boolean half) throws IOException {
        if (half) {
            convert(DataType.FLOAT16);
        }
        try {
            ModelFiles.save(model, NAME, directory, metadata, "config", network.config(), domain.name(), training);
        } finally {
            convert(DataType.FLOAT32);
        }
    }

    /** Every parameter in this type, its values kept (rounded when narrower). */
    private void convert(DataType type) {
        for (Pair<String, Parameter> named : network.getParameters()) {
            Parameter parameter = named.getValue();
            if (parameter.getArray().getDataType() == type) {
                continue;
            }
            try (NDArray values = parameter.getArray().toType(type, true)) {
                // a parameter's array is set once: closed and initialized anew, then given the values;
                // copied through the heap, since PyTorch's set() keeps a direct buffer's memory (which
                // would be the closed array's) instead of copying it
                parameter.close();
                parameter.initialize(model.getNDManager(), type);
                parameter.getArray().set(ByteBuffer.wrap(values.toByteArray()));
            }
        }
    }

    public SynthesizerConfig config() {
        return network.config();
    }

    public Domain<P, I, O> domain() {
        return domain;
    }

    public SynthesisNetwork<I, O> network() {
        return network;
    }

    public Model djlModel() {
        return model;
    }

    public ObjectNode metadata() {
        return metadata.deepCopy();
    }

    @Override
    public String name() {
        return network.config().name();
    }

    @Override
    public void check(List<Example<I, O>> given) {
        network.check(given);
    }

    @Override
    public int examples(List<Example<I, O>> given) {
        return given.size();
    }

    @Override
    public List<Example<I, O>> firstExamples(List<Example<I, O>> given, int max) {
        return List.copyOf(given.subList(0, Math.min(max, given.size())));
    }

    /** A program's token ids. */
    public int[] tokenIds(P program) {
        return domain.vocabulary().ids(domain.tokens(program));
    }

    /** The program of decoded token ids. */
    public P program(int[] ids) throws ProgramSyntaxException {
        return domain.parse(domain.vocabulary().tokens(ids));
    }

    /**
     * Beam search over a batch of tasks (each equally many examples with outputs).
     *
     * @return per task, up to {@code width} distinct programs, most probable first; each parses
     */
    @Override
    public synchronized List<List<Decoded<P>>> decode(List<List<Example<I, O>>> tasks, int width,
                                                      IntPredicate abandoned) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        for (List<Example<I, O>> task : tasks) {
            network.check(task);
        }
        List<List<Hypothesis>> hypotheses;
        try (NDManager manager = model.getNDManager().newSubManager();
             DecodingState state = network.startDecoding(new ParameterStore(manager, false), manager, tasks)) {
            hypotheses = BeamSearch.search(state, tasks.size(), width, network.vocabularySize(), network.startToken(),
                    network.config().maxLength(), network::newMask, abandoned);
        }
        List<List<Decoded<P>>> decoded = new ArrayList<>(hypotheses.size());
        for (List<Hypothesis> task : hypotheses) {
            List<Decoded<P>> programs = new ArrayList<>(task.size());
            for (Hypothesis hypothesis : task) {
                try {
                    programs.add(new Decoded<>(program(hypothesis.tokens()), hypothesis.logProbability()));
                } catch (ProgramSyntaxException e) {
                    throw new IllegalStateException("the grammar mask let through a program that does not parse: "
                            + e.getMessage(), e);
                }
            }
            decoded.add(programs);
        }
        return decoded;
    }

    @Override
    public void close() {
        model.close();
    }
}
