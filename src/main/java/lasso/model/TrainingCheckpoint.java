package lasso.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a training run goes on from ({@code --resume}): the steps done and the seconds they took,
 * written as {@code state.json} next to a checkpoint's parameters, with the last training loss.
 */
public record TrainingCheckpoint(long step, double seconds) {

    public static final String FILE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The state saved in {@code checkpoint}; an error naming the file when there is none. */
    public static TrainingCheckpoint read(Path checkpoint) throws IOException {
        Path file = checkpoint.resolve(FILE);
        if (!Files.exists(file)) {
            throw new IOException("nothing to resume: " + file + " does not exist");
        }
        JsonNode saved = JSON.readTree(file.toFile());
        return new TrainingCheckpoint(saved.get("step").asLong(), saved.path("seconds").asDouble());
    }

    /** Writes this state into {@code checkpoint}, after its parameters. */
    public void write(Path checkpoint, double trainLoss) throws IOException {
        ObjectNode state = JSON.createObjectNode();
        state.put("step", step);
        state.put("seconds", seconds);
        state.put("train_loss", trainLoss);
        JSON.writerWithDefaultPrettyPrinter().writeValue(checkpoint.resolve(FILE).toFile(), state);
    }
}
