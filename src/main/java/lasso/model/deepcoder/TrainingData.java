package lasso.model.deepcoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.InvalidTaskException;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.Task;
import lasso.domain.TaskFormat;
import lasso.domain.TaskGenerator.Generated;
import lasso.domain.list.ListDomain;
import lasso.domain.list.ListInput;
import lasso.domain.list.ListProgram;
import lasso.domain.list.ListSyntax;
import lasso.domain.list.Value;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads list-DSL data sets: our JSON-lines task files ({@code ./lasso dataset deepcoder}) or a dkamm
 * JSON array ({@code [{"program", "examples", "attribute"}, ...]}). Every task needs a parsable
 * program and examples with outputs.
 */
public final class TrainingData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingData() {
    }

    public static List<Generated<ListProgram, ListInput, Value>> read(Path file) throws IOException {
        TaskFormat<ListInput, Value> format = new ListDomain().taskFormat();
        List<Generated<ListProgram, ListInput, Value>> tasks = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            reader.mark(1 << 16);
            int first;
            do {
                first = reader.read();
            } while (first == ' ' || first == '\n' || first == '\r' || first == '\t');
            reader.reset();
            if (first == '[') {
                JsonNode array = JSON.readTree(reader);
                for (int i = 0; i < array.size(); i++) {
                    JsonNode record = array.get(i).deepCopy();
                    ((ObjectNode) record).put("id", "task-" + i);
                    tasks.add(task(format, record, file + "[" + i + "]"));
                }
                return tasks;
            }
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    tasks.add(task(format, JSON.readTree(line), file + ":" + number));
                }
            }
        }
        return tasks;
    }

    private static Generated<ListProgram, ListInput, Value> task(TaskFormat<ListInput, Value> format, JsonNode record,
                                                                 String where)
            throws IOException {
        try {
            Task<ListInput, Value> task = format.read(record);
            ListProgram program = ListSyntax.parse(ListSyntax.tokenize(task.program()));
            if (task.examples().stream().anyMatch(e -> e.output() == null)) {
                throw new IOException(where + ": every training example needs an output");
            }
            return new Generated<>(program, task.examples());
        } catch (InvalidTaskException | ProgramSyntaxException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
    }
}
