package lasso.domain.list;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.Example;
import lasso.domain.Excerpt;
import lasso.domain.InvalidTaskException;
import lasso.domain.Outcome;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.Task;
import lasso.domain.TaskFormat;
import lasso.domain.TaskRuns;

import java.util.ArrayList;
import java.util.List;

/**
 * List-DSL task files, one JSON object per line:
 * {@code {"id", "program", "format": "dkamm"|"ms" (optional, detected if absent), "examples":
 * [{"inputs": [...], "output": value (optional; null is NULL), "heldout": bool (optional)}],
 * "attribute": 34 bits (optional, written for parsable programs)}}. Integers lie in [-256, 255] and
 * lists hold at most 20 of them.
 */
public final class ListTaskFormat implements TaskFormat<ListInput, Value> {

    private final ListDomain domain;

    ListTaskFormat(ListDomain domain) {
        this.domain = domain;
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Override
    public String idField() {
        return "id";
    }

    @Override
    public Task<ListInput, Value> read(JsonNode record) throws InvalidTaskException {
        JsonNode id = record.get("id");
        if (id == null || !(id.isTextual() || id.isIntegralNumber())) {
            throw new InvalidTaskException("id: " + (id == null ? "missing" : "must be a string or an integer"));
        }
        JsonNode program = record.get("program");
        if (program == null || !program.isTextual()) {
            throw new InvalidTaskException("program: " + (program == null ? "missing" : "must be a string"));
        }
        JsonNode format = record.get("format");
        if (format != null && !format.isNull()) {
            if (!format.isTextual() || !(format.asText().equals("dkamm") || format.asText().equals("ms"))) {
                throw new InvalidTaskException("format: must be \"dkamm\" or \"ms\", got " + Excerpt.json(format));
            }
            ListSyntax.Format detected = ListSyntax.Format.detect(program.asText());
            if (!program.asText().isBlank() && !detected.key().equals(format.asText())) {
                throw new InvalidTaskException("format: declared \"" + format.asText() + "\" but the program is in the "
                        + detected.key() + " form");
            }
        }
        JsonNode examples = record.get("examples");
        if (examples == null || !examples.isArray() || examples.isEmpty()) {
            throw new InvalidTaskException("examples: " + (examples == null ? "missing" : "must be a non-empty array"));
        }
        List<Example<ListInput, Value>> read = new ArrayList<>();
        for (int e = 0; e < examples.size(); e++) {
            read.add(example(examples.get(e), "examples[" + e + "]"));
        }
        checkTypes(read);
        JsonNode attribute = record.get("attribute");
        if (attribute != null && !attribute.isNull()) {
            if (!attribute.isArray() || attribute.size() != Attribute.COUNT_ALL) {
                throw new InvalidTaskException("attribute: must be an array of " + Attribute.COUNT_ALL + " bits");
            }
            for (int i = 0; i < attribute.size(); i++) {
                JsonNode bit = attribute.get(i);
                if (!bit.isIntegralNumber() || (bit.asInt() != 0 && bit.asInt() != 1)) {
                    throw new InvalidTaskException("attribute[" + i + "]: must be 0 or 1, got " + Excerpt.json(bit));
                }
            }
        }
        return new Task<>(id.asText(), program.asText(), read);
    }

    /** One program has one signature: every example's inputs and output (NULL is an int) have the first one's types. */
    private static void checkTypes(List<Example<ListInput, Value>> examples) throws InvalidTaskException {
        List<Type> inputs = types(examples.get(0).input());
        Type output = null;
        for (int e = 0; e < examples.size(); e++) {
            Example<ListInput, Value> example = examples.get(e);
            if (!types(example.input()).equals(inputs)) {
                throw new InvalidTaskException("examples[" + e + "].inputs: types " + types(example.input())
                        + " differ from examples[0]'s " + inputs + " (one program takes one signature)");
            }
            if (example.output() != null) {
                if (output != null && example.output().type() != output) {
                    throw new InvalidTaskException("examples[" + e + "].output: type " + example.output().type()
                            + " differs from the earlier outputs' " + output);
                }
                output = example.output().type();
            }
        }
    }

    private static List<Type> types(ListInput input) {
        return input.values().stream().map(Value::type).toList();
    }

    private static Example<ListInput, Value> example(JsonNode node, String where) throws InvalidTaskException {
        if (!node.isObject()) {
            throw new InvalidTaskException(where + ": must be an object with inputs");
        }
        JsonNode inputs = node.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty() || inputs.size() > ListProgram.MAX_INPUTS) {
            throw new InvalidTaskException(where + ".inputs: " + (inputs == null ? "missing"
                    : "must be an array of 1 to " + ListProgram.MAX_INPUTS + " values"));
        }
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Value value = value(inputs.get(i), where + ".inputs[" + i + "]");
            if (value == NullValue.NULL) {
                throw new InvalidTaskException(where + ".inputs[" + i + "]: an input cannot be null");
            }
            values.add(value);
        }
        Value output = null;
        if (node.has("output")) {
            output = value(node.get("output"), where + ".output");
        }
        JsonNode heldout = node.get("heldout");
        if (heldout != null && !heldout.isBoolean()) {
            throw new InvalidTaskException(where + ".heldout: must be true or false");
        }
        return new Example<>(new ListInput(values), output, heldout != null && heldout.asBoolean());
    }

    /** A value from JSON: an integer, an array of integers, or null (NULL). */
    public static Value value(JsonNode node, String where) throws InvalidTaskException {
        if (node.isNull()) {
            return NullValue.NULL;
        }
        if (node.isArray()) {
            if (node.size() > ListSemantics.MAX_LENGTH) {
                throw new InvalidTaskException(where + ": a list holds at most " + ListSemantics.MAX_LENGTH
                        + " integers, got " + node.size());
            }
            int[] elements = new int[node.size()];
            for (int k = 0; k < elements.length; k++) {
                elements[k] = integer(node.get(k), where + "[" + k + "]");
            }
            return ListValue.adopt(elements);
        }
        return new IntValue(integer(node, where));
    }

    private static int integer(JsonNode node, String where) throws InvalidTaskException {
        if (!node.isIntegralNumber()) {
            throw new InvalidTaskException(where + ": expected an integer, got " + Excerpt.json(node));
        }
        if (!node.canConvertToInt() || !ListSemantics.inRange(node.asInt())) {
            throw new InvalidTaskException(where + ": " + Excerpt.json(node) + " is out of range [" + ListSemantics.MIN + ", "
                    + ListSemantics.MAX + "]");
        }
        return node.asInt();
    }

    public static JsonNode json(Value value) {
        if (value instanceof ListValue list) {
            ArrayNode array = JSON.arrayNode(list.length());
            for (int k = 0; k < list.length(); k++) {
                array.add(list.get(k));
            }
            return array;
        }
        if (value instanceof IntValue i) {
            return JSON.numberNode(i.value());
        }
        return JSON.nullNode();
    }

    @Override
    public ObjectNode write(Task<ListInput, Value> task) {
        ObjectNode record = JSON.objectNode();
        record.put("id", task.id());
        record.put("program", task.program());
        record.put("format", ListSyntax.Format.detect(task.program()).key());
        ArrayNode examples = record.putArray("examples");
        for (Example<ListInput, Value> example : task.examples()) {
            ObjectNode node = examples.addObject();
            ArrayNode inputs = node.putArray("inputs");
            example.input().values().forEach(v -> inputs.add(json(v)));
            if (example.output() != null) {
                node.set("output", json(example.output()));
            }
            if (example.heldout()) {
                node.put("heldout", true);
            }
        }
        try {
            ListProgram program = ListSyntax.parse(ListSyntax.tokenize(task.program()));
            ArrayNode attribute = record.putArray("attribute");
            for (int bit : program.attributeVector()) {
                attribute.add(bit);
            }
        } catch (ProgramSyntaxException e) {
            // a task whose program does not parse is written without attributes
        }
        return record;
    }

    @Override
    public List<ObjectNode> exec(Task<ListInput, Value> task) {
        return TaskRuns.exec(domain, task, ListTaskFormat::json);
    }

    @Override
    public CheckResult check(Task<ListInput, Value> task) {
        return TaskRuns.check(domain, task);
    }
}
