package lasso.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a resumed training run reads back, and the error when a checkpoint has no state. */
class TrainingCheckpointTest {

    @Test
    void aWrittenStateReadsBack(@TempDir Path checkpoint) throws IOException {
        new TrainingCheckpoint(1200, 345.5).write(checkpoint, 0.25);
        assertEquals(new TrainingCheckpoint(1200, 345.5), TrainingCheckpoint.read(checkpoint));
    }

    @Test
    void aCheckpointWithoutStateIsNamedInTheError(@TempDir Path checkpoint) {
        IOException missing = assertThrows(IOException.class, () -> TrainingCheckpoint.read(checkpoint));
        assertTrue(missing.getMessage().contains(checkpoint.resolve(TrainingCheckpoint.FILE).toString()), missing.getMessage());
    }
}
