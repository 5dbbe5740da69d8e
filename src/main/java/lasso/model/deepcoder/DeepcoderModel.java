package lasso.model.deepcoder;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.Example;
import lasso.domain.list.Attribute;
import lasso.domain.list.ListInput;
import lasso.domain.list.Value;
import lasso.model.ModelDevice;
import lasso.search.deepcoder.AttributePredictor;
import lasso.search.deepcoder.Prior;
import lasso.search.deepcoder.SearchProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained attribute network with what a search needs next to it: the prior of its training data
 * (the baseline ordering). On disk, a directory with {@code deepcoder-0000.params} (DJL) and
 * {@code model.json} (shape, prior, training record).
 */
public final class DeepcoderModel implements AttributePredictor, AutoCloseable {

    static final String NAME = "deepcoder";
    static final String METADATA = "model.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Model model;
    private final AttributeNetwork network;
    private final Prior prior;
    private final ObjectNode metadata;

    DeepcoderModel(Model model, AttributeNetwork network, Prior prior, ObjectNode metadata) {
        this.model = model;
        this.network = network;
        this.prior = prior;
        this.metadata = metadata;
    }

    /** A new, untrained network of this shape (parameters initialised from the engine's seed). */
    static DeepcoderModel create(AttributeNetwork.NetworkShape shape, Prior prior) {
        Model model = Model.newInstance(NAME, ModelDevice.configured());
        AttributeNetwork network = new AttributeNetwork(shape);
        model.setBlock(network);
        ObjectNode metadata = JSON.createObjectNode();
        return new DeepcoderModel(model, network, prior, metadata);
    }

    /** Loads a model saved by {@link #save}. */
    public static DeepcoderModel load(Path directory) throws IOException {
        Path metadataFile = directory.resolve(METADATA);
        if (!Files.exists(metadataFile)) {
            throw new NoSuchFileException(metadataFile + " (not a deepcoder model directory)");
        }
        ObjectNode metadata = (ObjectNode) JSON.readTree(metadataFile.toFile());
        JsonNode shapeNode = metadata.get("shape");
        AttributeNetwork.NetworkShape shape = new AttributeNetwork.NetworkShape(shapeNode.get("embedding").asInt(),
                shapeNode.get("units").asInt(), shapeNode.get("layers").asInt());
        double[] frequencies = new double[Attribute.COUNT_ALL];
        JsonNode priorNode = metadata.get("prior");
        for (Attribute attribute : Attribute.values()) {
            frequencies[attribute.ordinal()] = priorNode.get(attribute.prefixName()).asDouble();
        }
        Model model = Model.newInstance(NAME, ModelDevice.configured());
        AttributeNetwork network = new AttributeNetwork(shape);
        model.setBlock(network);
        try {
            model.load(directory, NAME);
        } catch (MalformedModelException e) {
            model.close();
            throw new IOException("cannot read the parameters in " + directory + ": " + e.getMessage(), e);
        }
        return new DeepcoderModel(model, network, new Prior(frequencies), metadata);
    }

    /** Writes the parameters and the metadata (with {@code record} added under "training"). */
    public void save(Path directory, JsonNode record) throws IOException {
        Files.createDirectories(directory);
        model.save(directory, NAME);
        ObjectNode shape = metadata.putObject("shape");
        shape.put("embedding", network.shape().embedding());
        shape.put("units", network.shape().units());
        shape.put("layers", network.shape().layers());
        metadata.put("examples_encoding", "tokens v+256 (NULL/pad = 512), lists padded to " + ExampleEncoding.LENGTH);
        ObjectNode priorNode = metadata.putObject("prior");
        double[] frequencies = prior.frequencies();
        for (Attribute attribute : Attribute.values()) {
            priorNode.put(attribute.prefixName(), frequencies[attribute.ordinal()]);
        }
        if (record != null) {
            metadata.set("training", record);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(directory.resolve(METADATA).toFile(), metadata);
    }

    public Prior prior() {
        return prior;
    }

    public ObjectNode metadata() {
        return metadata.deepCopy();
    }

    Model djlModel() {
        return model;
    }

    AttributeNetwork network() {
        return network;
    }

    @Override
    public double[] predict(SearchProblem problem) {
        return predict(List.of(problem.examples())).get(0);
    }

    /** Attribute probabilities for several tasks at once (each task's examples must be equally many). */
    public List<double[]> predict(List<List<Example<ListInput, Value>>> tasks) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            float[] logits = logits(manager, tasks).toFloatArray();
            double[][] probabilities = new double[tasks.size()][Attribute.COUNT_ALL];
            for (int t = 0; t < tasks.size(); t++) {
                for (int a = 0; a < Attribute.COUNT_ALL; a++) {
                    probabilities[t][a] = 1 / (1 + Math.exp(-logits[t * Attribute.COUNT_ALL + a]));
                }
            }
            return List.of(probabilities);
        }
    }

    /** The network's logits, shaped (tasks, 34), in {@code manager}. */
    NDArray logits(NDManager manager, List<List<Example<ListInput, Value>>> tasks) {
        NDList inputs = inputs(manager, tasks);
        return network.forward(new ParameterStore(manager, false), inputs, false).singletonOrThrow();
    }

    /** Encodes tasks as the network's two input arrays. */
    static NDList inputs(NDManager manager, List<List<Example<ListInput, Value>>> tasks) {
        int examples = tasks.get(0).size();
        long[] tokens = new long[tasks.size() * examples * ExampleEncoding.SLOTS * ExampleEncoding.LENGTH];
        float[] types = new float[tasks.size() * examples * ExampleEncoding.SLOTS * ExampleEncoding.TYPES];
        for (int t = 0; t < tasks.size(); t++) {
            if (tasks.get(t).size() != examples) {
                throw new IllegalArgumentException("every task of a batch needs " + examples + " examples");
            }
            ExampleEncoding.encode(tasks.get(t), t, tokens, types);
        }
        return new NDList(
                manager.create(tokens, new Shape(tasks.size(), examples, ExampleEncoding.SLOTS, ExampleEncoding.LENGTH)),
                manager.create(types, new Shape(tasks.size(), examples, ExampleEncoding.SLOTS, ExampleEncoding.TYPES)));
    }

    @Override
    public void close() {
        model.close();
    }
}
