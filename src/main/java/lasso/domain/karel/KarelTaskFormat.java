package lasso.domain.karel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.Example;
import lasso.domain.Excerpt;
import lasso.domain.InvalidTaskException;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.Task;
import lasso.domain.TaskFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The MSR Karel JSON-lines files (karel.md §4.1): {@code guid}, {@code program_tokens},
 * {@code program_json} and six {@code examples} with {@code example_index}, {@code actions},
 * {@code inpgrid_json}, {@code outgrid_json} and the {@code *_tensor} strings. Reading needs only the
 * guid, the tokens and the input grids; examples 0–4 are given and 5 (and any later) held out
 * (§5.2). Writing produces full records, as the real files have them.
 */
public final class KarelTaskFormat implements TaskFormat<KarelGrid, KarelGrid> {

    /** Examples 0..GIVEN-1 are the specification, the rest held out. */
    public static final int GIVEN = 5;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final KarelDomain domain;

    KarelTaskFormat(KarelDomain domain) {
        this.domain = domain;
    }

    @Override
    public String idField() {
        return "guid";
    }

    @Override
    public Task<KarelGrid, KarelGrid> read(JsonNode record) throws InvalidTaskException {
        JsonNode guid = record.get("guid");
        if (guid == null || guid.isNull()) {
            throw new InvalidTaskException("missing field 'guid'");
        }
        if (!guid.isTextual() && !guid.isIntegralNumber()) {
            throw new InvalidTaskException("'guid' must be a string, not " + Excerpt.json(guid));
        }
        String program = programText(record.get("program_tokens"));
        JsonNode examples = record.get("examples");
        if (examples == null || examples.isNull()) {
            throw new InvalidTaskException("missing field 'examples'");
        }
        if (!examples.isArray() || examples.isEmpty()) {
            throw new InvalidTaskException("'examples' must be a non-empty list");
        }
        List<Example<KarelGrid, KarelGrid>> list = new ArrayList<>(examples.size());
        ArrayNode actions = JSON.arrayNode();
        boolean anyActions = false;
        for (int i = 0; i < examples.size(); i++) {
            JsonNode example = examples.get(i);
            String where = "examples[" + i + "]";
            if (!example.isObject()) {
                throw new InvalidTaskException(where + " must be an object");
            }
            JsonNode index = example.get("example_index");
            if (index != null && !index.isNull() && (!index.isIntegralNumber() || index.intValue() != i)) {
                throw new InvalidTaskException(where + ".example_index is " + Excerpt.json(index) + ", expected " + i);
            }
            JsonNode input = example.get("inpgrid_json");
            if (input == null || input.isNull()) {
                throw new InvalidTaskException(where + ": missing field 'inpgrid_json'");
            }
            KarelGrid in = grid(input, where + ".inpgrid_json");
            JsonNode output = example.get("outgrid_json");
            KarelGrid out = output == null || output.isNull() ? null : grid(output, where + ".outgrid_json");
            JsonNode recorded = example.get("actions");
            if (recorded == null || recorded.isNull()) {
                actions.addNull();
            } else {
                actions.add(actionList(recorded, where + ".actions"));
                anyActions = true;
            }
            list.add(new Example<>(in, out, i >= GIVEN));
        }
        ObjectNode extra = null;
        if (anyActions) {
            extra = JSON.objectNode();
            extra.set("actions", actions);
        }
        return new Task<>(guid.asText(), program, list, extra);
    }

    private static String programText(JsonNode tokens) throws InvalidTaskException {
        if (tokens == null || tokens.isNull()) {
            throw new InvalidTaskException("missing field 'program_tokens'");
        }
        if (!tokens.isArray()) {
            throw new InvalidTaskException("'program_tokens' must be a list of strings");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            JsonNode token = tokens.get(i);
            if (!token.isTextual() || token.textValue().isBlank() || token.textValue().chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidTaskException("program_tokens[" + i + "] is not a token: " + Excerpt.json(token));
            }
            if (i > 0) {
                text.append(' ');
            }
            text.append(token.textValue());
        }
        return text.toString();
    }

    private static KarelGrid grid(JsonNode node, String where) throws InvalidTaskException {
        try {
            return KarelGridJson.read(node);
        } catch (IllegalArgumentException e) {
            throw new InvalidTaskException(where + ": " + e.getMessage());
        }
    }

    private static ArrayNode actionList(JsonNode list, String where) throws InvalidTaskException {
        if (!list.isArray()) {
            throw new InvalidTaskException(where + " must be a list of action names");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode action = list.get(i);
            if (!action.isTextual() || Action.fromToken(action.textValue()) == null) {
                throw new InvalidTaskException(where + "[" + i + "] is not an action: " + Excerpt.json(action));
            }
        }
        return (ArrayNode) list;
    }

    @Override
    public ObjectNode write(Task<KarelGrid, KarelGrid> task) {
        KarelProgram program = null;
        try {
            program = parse(task.program());
        } catch (ProgramSyntaxException e) {
            // An unparsable program is written as its tokens only, so that the file still reads back.
        }
        KarelMachine machine = domain.machine();
        JsonNode recorded = task.recorded() == null ? null : task.recorded().get("actions");
        ArrayNode examples = JSON.arrayNode();
        for (int i = 0; i < task.examples().size(); i++) {
            Example<KarelGrid, KarelGrid> example = task.examples().get(i);
            ObjectNode node = JSON.objectNode();
            if (recorded != null && recorded.has(i) && !recorded.get(i).isNull()) {
                node.set("actions", recorded.get(i).deepCopy());
            } else if (program != null && example.output() != null && machine.run(program, example.input()) == KarelMachine.OK
                    && machine.outputEquals(example.output())) {
                node.set("actions", actionNames(machine));
            }
            node.put("example_index", i);
            node.set("inpgrid_json", KarelGridJson.write(example.input()));
            node.put("inpgrid_tensor", KarelTensor.tensorString(example.input()));
            if (example.output() != null) {
                node.set("outgrid_json", KarelGridJson.write(example.output()));
                node.put("outgrid_tensor", KarelTensor.tensorString(example.output()));
            }
            examples.add(node);
        }
        ObjectNode record = JSON.objectNode();
        record.set("examples", examples);
        record.put("guid", task.id());
        if (program != null) {
            record.set("program_json", KarelProgramJson.write(program));
        }
        ArrayNode tokens = record.putArray("program_tokens");
        for (String token : task.program().trim().split("\\s+")) {
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        return record;
    }

    private static ArrayNode actionNames(KarelMachine machine) {
        ArrayNode names = JSON.arrayNode();
        for (int i = 0; i < machine.actionCount(); i++) {
            names.add(machine.action(i).token());
        }
        return names;
    }

    /** The task's program text is its tokens joined by spaces, so a token index is a position in the file. */
    private static KarelProgram parse(String text) throws ProgramSyntaxException {
        String trimmed = text.trim();
        return KarelParser.parse(trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+")));
    }

    @Override
    public List<ObjectNode> exec(Task<KarelGrid, KarelGrid> task) {
        KarelProgram program;
        try {
            program = parse(task.program());
        } catch (ProgramSyntaxException e) {
            ObjectNode record = JSON.objectNode();
            record.put("guid", task.id());
            record.put("status", "syntax_error");
            record.put("message", e.getMessage());
            return List.of(record);
        }
        KarelMachine machine = domain.machine();
        List<ObjectNode> records = new ArrayList<>(task.examples().size());
        for (int i = 0; i < task.examples().size(); i++) {
            int status = machine.run(program, task.examples().get(i).input());
            ObjectNode record = JSON.objectNode();
            record.put("guid", task.id());
            record.put("example_index", i);
            record.put("status", status == KarelMachine.OK ? "ok" : status == KarelMachine.CRASH ? "crash" : "timeout");
            record.set("actions", actionNames(machine));
            if (status == KarelMachine.OK) {
                record.set("outgrid_json", KarelGridJson.write(machine.output()));
            } else {
                record.putNull("outgrid_json");
            }
            records.add(record);
        }
        return records;
    }

    @Override
    public CheckResult check(Task<KarelGrid, KarelGrid> task) {
        int total = task.examples().size();
        KarelProgram program;
        try {
            program = parse(task.program());
        } catch (ProgramSyntaxException e) {
            return new CheckResult(0, total, List.of("program does not parse: " + e.getMessage()));
        }
        JsonNode recorded = task.recorded() == null ? null : task.recorded().get("actions");
        KarelMachine machine = domain.machine();
        List<String> problems = new ArrayList<>();
        int passed = 0;
        for (int i = 0; i < total; i++) {
            Example<KarelGrid, KarelGrid> example = task.examples().get(i);
            String where = "example " + i + ": ";
            if (example.output() == null) {
                problems.add(where + "no outgrid_json to compare with");
                continue;
            }
            int status = machine.run(program, example.input());
            if (status != KarelMachine.OK) {
                problems.add(where + (status == KarelMachine.CRASH ? "crash: " : "timeout: ") + machine.failure());
                continue;
            }
            boolean ok = true;
            if (!machine.outputEquals(example.output())) {
                problems.add(where + "output differs from outgrid_json: " + machine.output().differencesFrom(example.output()));
                ok = false;
            }
            if (recorded != null && recorded.has(i) && !recorded.get(i).isNull()) {
                String difference = actionDifference(machine, recorded.get(i));
                if (difference != null) {
                    problems.add(where + "actions differ from the recorded ones: " + difference);
                    ok = false;
                }
            }
            if (ok) {
                passed++;
            }
        }
        return new CheckResult(passed, total, problems);
    }

    private static String actionDifference(KarelMachine machine, JsonNode recorded) {
        int n = Math.min(machine.actionCount(), recorded.size());
        for (int i = 0; i < n; i++) {
            String mine = machine.action(i).token();
            if (!mine.equals(recorded.get(i).asText())) {
                return "action " + i + " is " + mine + ", recorded " + recorded.get(i).asText();
            }
        }
        if (machine.actionCount() != recorded.size()) {
            return machine.actionCount() + " actions, recorded " + recorded.size();
        }
        return null;
    }
}
