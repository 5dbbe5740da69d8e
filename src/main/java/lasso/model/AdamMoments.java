package lasso.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Adam's state for a block's parameters: how often each was updated (the bias correction's t) and its
 * first and second moments. A checkpoint keeps it next to the parameters ({@code adam.json}: the
 * version, the training step it was written at and each parameter's update count by name;
 * {@code adam.ndlist}: its mean and variance in that order), so that a resumed run updates exactly as
 * the uninterrupted run would have.
 */
public final class AdamMoments {

    public static final String COUNTS = "adam.json";
    public static final String ARRAYS = "adam.ndlist";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Block block;
    // by parameter id (DJL's optimizers see ids, which are new in every process; the files use names)
    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();
    private int updates;

    public AdamMoments(Block block) {
        this.block = block;
    }

    /** The most updates any parameter has had. */
    public int updates() {
        return updates;
    }

    /**
     * Counts an update of a parameter and returns the t it is corrected with: as in DJL's optimizers,
     * the most updates any parameter has had, this one included.
     */
    int count(String parameterId) {
        updates = Math.max(updates, counts.merge(parameterId, 1, Integer::sum));
        return updates;
    }

    NDArray mean(String parameterId, NDArray weight) {
        return means.computeIfAbsent(parameterId, id -> zeros(weight));
    }

    NDArray variance(String parameterId, NDArray weight) {
        return variances.computeIfAbsent(parameterId, id -> zeros(weight));
    }

    private static NDArray zeros(NDArray weight) {
        NDArray zeros = weight.zerosLike(); // closed with the model's parameters,
        NDScope.unregister(zeros); // not with a scope the update happens to run in
        return zeros;
    }

    /**
     * Reads the state saved in {@code checkpoint}; a checkpoint written before optimizer state was
     * kept has none, and then the moments restart (a note on stderr says so) and this returns false.
     *
     * @param step the training step the checkpoint is at (DeepCoder's: its epoch); an error if the state
     *             was written at another
     */
    public boolean read(Path checkpoint, long step) throws IOException {
        Path countsFile = checkpoint.resolve(COUNTS);
        if (!Files.exists(countsFile)) {
            System.err.println("note: " + checkpoint + " has no optimizer state (" + COUNTS
                    + "), so Adam's moments restart; the run is not what an uninterrupted one would give");
            return false;
        }
        JsonNode saved = JSON.readTree(countsFile.toFile());
        if (saved.path("version").asInt() != VERSION) {
            throw new IOException(countsFile + " is optimizer state version " + saved.path("version")
                    + "; this build reads version " + VERSION);
        }
        if (saved.path("step").asLong() != step) {
            throw new IOException(countsFile + " is Adam's state at step " + saved.path("step") + ", but the checkpoint "
                    + "is at step " + step + " (a checkpoint written only in part?); delete " + COUNTS + " and "
                    + ARRAYS + " to resume with fresh moments");
        }
        Map<String, Parameter> byName = new HashMap<>();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            byName.put(parameter.getKey(), parameter.getValue());
        }
        NDList arrays;
        try (InputStream in = Files.newInputStream(checkpoint.resolve(ARRAYS))) {
            arrays = NDList.decode(manager(), in);
        }
        JsonNode savedCounts = saved.path("updates");
        if (arrays.size() != 2 * savedCounts.size()) {
            throw new IOException(checkpoint.resolve(ARRAYS) + " holds " + arrays.size() + " arrays; " + COUNTS
                    + " names " + savedCounts.size() + " parameters (a mean and a variance each)");
        }
        int index = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = savedCounts.fields(); it.hasNext(); index += 2) {
            Map.Entry<String, JsonNode> entry = it.next();
            Parameter parameter = byName.get(entry.getKey());
            if (parameter == null || !parameter.getArray().getShape().equals(arrays.get(index).getShape())) {
                throw new IOException(countsFile + " has moments of parameter " + entry.getKey() + " "
                        + arrays.get(index).getShape() + ", which the model " + (parameter == null ? "does not have"
                        : "has with shape " + parameter.getArray().getShape()));
            }
            counts.put(parameter.getId(), entry.getValue().asInt());
            means.put(parameter.getId(), arrays.get(index));
            variances.put(parameter.getId(), arrays.get(index + 1));
            updates = Math.max(updates, entry.getValue().asInt());
        }
        return true;
    }

    private NDManager manager() {
        return block.getParameters().get(0).getValue().getArray().getManager();
    }

    /** Writes the state at training step {@code step} into {@code checkpoint}, the counts last (read first). */
    public void write(Path checkpoint, long step) throws IOException {
        ObjectNode saved = JSON.createObjectNode();
        saved.put("version", VERSION);
        saved.put("step", step);
        ObjectNode savedCounts = saved.putObject("updates");
        NDList arrays = new NDList();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            String id = parameter.getValue().getId();
            if (counts.containsKey(id)) {
                savedCounts.put(parameter.getKey(), counts.get(id));
                arrays.add(means.get(id));
                arrays.add(variances.get(id));
            }
        }
        try (OutputStream out = Files.newOutputStream(checkpoint.resolve(ARRAYS))) {
            arrays.encode(out);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(checkpoint.resolve(COUNTS).toFile(), saved);
    }
}
