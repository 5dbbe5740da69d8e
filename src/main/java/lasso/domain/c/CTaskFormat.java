package lasso.domain.c;

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
 * Restricted-C task files, one JSON object per line:
 * {@code {"id": "…", "program": "int * func_1(int a[]) {…}", "examples": [{"input": [5 ints],
 * "output": [5 ints], "heldout": true}, …]}}. {@code program} may be left out (a task given only by
 * its examples), {@code output} too (inputs to run), and {@code heldout} defaults to false.
 */
final class CTaskFormat implements TaskFormat<CArray, CArray> {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final CDomain domain;

    CTaskFormat(CDomain domain) {
        this.domain = domain;
    }

    @Override
    public String idField() {
        return "id";
    }

    @Override
    public Task<CArray, CArray> read(JsonNode record) throws InvalidTaskException {
        JsonNode id = record.get("id");
        if (id == null || id.isNull()) {
            throw new InvalidTaskException("missing field 'id'");
        }
        if (!id.isTextual() && !id.isIntegralNumber()) {
            throw new InvalidTaskException("field 'id' must be a string or an integer, not " + Excerpt.json(id));
        }
        JsonNode program = record.get("program");
        if (program != null && !program.isNull() && !program.isTextual()) {
            throw new InvalidTaskException("field 'program' must be a string (the program's text), not " + kind(program));
        }
        JsonNode examples = record.get("examples");
        if (examples == null || examples.isNull()) {
            throw new InvalidTaskException("missing field 'examples'");
        }
        if (!examples.isArray() || examples.isEmpty()) {
            throw new InvalidTaskException("field 'examples' must be a non-empty list of examples");
        }
        List<Example<CArray, CArray>> read = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            JsonNode example = examples.get(i);
            String where = "examples[" + i + "]";
            if (!example.isObject()) {
                throw new InvalidTaskException("field '" + where + "' must be an object with 'input' and 'output'");
            }
            JsonNode input = example.get("input");
            if (input == null || input.isNull()) {
                throw new InvalidTaskException("missing field '" + where + ".input'");
            }
            JsonNode output = example.get("output");
            JsonNode heldout = example.get("heldout");
            if (heldout != null && !heldout.isNull() && !heldout.isBoolean()) {
                throw new InvalidTaskException("field '" + where + ".heldout' must be true or false, not " + Excerpt.json(heldout));
            }
            read.add(new Example<>(list(input, where + ".input"),
                    output == null || output.isNull() ? null : list(output, where + ".output"),
                    heldout != null && heldout.asBoolean()));
        }
        return new Task<>(id.asText(), program == null || program.isNull() ? "" : program.asText(), read);
    }

    static CArray list(JsonNode node, String field) throws InvalidTaskException {
        if (!node.isArray()) {
            throw new InvalidTaskException("field '" + field + "' must be a list of " + CArray.LENGTH
                    + " ints, not " + kind(node));
        }
        if (node.size() != CArray.LENGTH) {
            throw new InvalidTaskException("field '" + field + "' must hold " + CArray.LENGTH + " ints, not "
                    + node.size());
        }
        int[] values = new int[CArray.LENGTH];
        for (int i = 0; i < CArray.LENGTH; i++) {
            JsonNode value = node.get(i);
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw new InvalidTaskException("field '" + field + "[" + i + "]' must be a 32-bit int, not " + Excerpt.json(value));
            }
            values[i] = value.intValue();
        }
        return CArray.of(values);
    }

    private static String kind(JsonNode node) {
        return node.isArray() ? "a list" : node.isObject() ? "an object" : node.isTextual() ? "a string"
                : Excerpt.json(node);
    }

    @Override
    public ObjectNode write(Task<CArray, CArray> task) {
        ObjectNode record = JSON.objectNode();
        record.put("id", task.id());
        record.put("program", task.program());
        ArrayNode examples = record.putArray("examples");
        for (Example<CArray, CArray> example : task.examples()) {
            ObjectNode written = examples.addObject();
            written.set("input", array(example.input()));
            if (example.output() != null) {
                written.set("output", array(example.output()));
            }
            if (example.heldout()) {
                written.put("heldout", true);
            }
        }
        return record;
    }

    static ArrayNode array(CArray list) {
        ArrayNode array = JSON.arrayNode();
        for (int i = 0; i < CArray.LENGTH; i++) {
            array.add(list.get(i));
        }
        return array;
    }

    @Override
    public List<ObjectNode> exec(Task<CArray, CArray> task) {
        return TaskRuns.exec(domain, task, CTaskFormat::array);
    }

    @Override
    public CheckResult check(Task<CArray, CArray> task) {
        return TaskRuns.check(domain, task);
    }
}
