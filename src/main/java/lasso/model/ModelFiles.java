package lasso.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A model directory as the synthesizers and debuggers keep it: one DJL parameter file and
 * {@code model.json} (the network's configuration under its own key, the domain, the training record).
 */
public final class ModelFiles {

    public static final String METADATA = "model.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFiles() {
    }

    /** A directory's {@code model.json}; {@code what} names the kind of model for the error. */
    public static ObjectNode metadata(Path directory, String what) throws IOException {
        Path file = directory.resolve(METADATA);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file + " (not a " + what + " model directory)");
        }
        return (ObjectNode) JSON.readTree(file.toFile());
    }

    /** Replaces a model's parameters by those saved in {@code directory} (a checkpoint or a model). */
    public static void loadParameters(Model model, Path directory, String name) throws IOException {
        try {
            model.load(directory, name);
        } catch (MalformedModelException e) {
            throw new IOException("cannot read the parameters in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the parameters and {@code model.json}: {@code metadata} with the configuration under
     * {@code key}, the domain and {@code training} as the training record, if given.
     */
    public static void save(Model model, String name, Path directory, ObjectNode metadata, String key, Object config,
                            String domain, JsonNode training) throws IOException {
        Files.createDirectories(directory);
        model.setProperty("Epoch", "0"); // one parameter file, overwritten (DJL would number a new one per save)
        model.save(directory, name);
        metadata.set(key, JSON.valueToTree(config));
        metadata.put("domain", domain);
        if (training != null) {
            metadata.set("training", training);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(directory.resolve(METADATA).toFile(), metadata);
    }
}
