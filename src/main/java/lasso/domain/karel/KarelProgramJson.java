package lasso.domain.karel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The MSR files' {@code program_json} AST (karel.md §1.4): {@code {"run": [node, …]}}, keys in
 * alphabetical order as in the files.
 */
public final class KarelProgramJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private KarelProgramJson() {
    }

    public static ObjectNode write(KarelProgram program) {
        ObjectNode root = JSON.objectNode();
        root.set("run", block(program.body()));
        return root;
    }

    private static ArrayNode block(List<Statement> block) {
        ArrayNode array = JSON.arrayNode();
        for (Statement statement : block) {
            array.add(statement(statement));
        }
        return array;
    }

    private static ObjectNode statement(Statement statement) {
        ObjectNode node = JSON.objectNode();
        if (statement instanceof Action action) {
            node.put("type", action.token());
        } else if (statement instanceof Statement.Repeat repeat) {
            node.set("body", block(repeat.body()));
            node.put("times", repeat.times());
            node.put("type", "repeat");
        } else if (statement instanceof Statement.While loop) {
            node.set("body", block(loop.body()));
            node.set("condition", condition(loop.condition()));
            node.put("type", "while");
        } else if (statement instanceof Statement.If branch) {
            node.set("body", block(branch.body()));
            node.set("condition", condition(branch.condition()));
            node.put("type", "if");
        } else if (statement instanceof Statement.IfElse branch) {
            node.set("condition", condition(branch.condition()));
            node.set("elseBody", block(branch.elseBody()));
            node.set("ifBody", block(branch.thenBody()));
            node.put("type", "ifElse");
        }
        return node;
    }

    private static ObjectNode condition(Condition condition) {
        ObjectNode test = JSON.objectNode().put("type", condition.sensor().token());
        if (!condition.negated()) {
            return test;
        }
        ObjectNode not = JSON.objectNode();
        not.set("condition", test);
        not.put("type", "not");
        return not;
    }

    /** Reads a program AST. @throws IllegalArgumentException naming the node that is wrong */
    public static KarelProgram read(JsonNode root) {
        if (root == null || !root.isObject() || !root.has("run")) {
            throw new IllegalArgumentException("program_json must be an object with a 'run' list");
        }
        return new KarelProgram(readBlock(root.get("run"), "run", 0));
    }

    private static List<Statement> readBlock(JsonNode array, String path, int depth) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new IllegalArgumentException(path + " must be a non-empty list of statements");
        }
        if (depth > KarelProgram.MAX_NESTING) {
            throw new IllegalArgumentException(path + " is nested deeper than " + KarelProgram.MAX_NESTING);
        }
        List<Statement> block = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            block.add(readStatement(array.get(i), path + "[" + i + "]", depth));
        }
        return block;
    }

    private static Statement readStatement(JsonNode node, String path, int depth) {
        String type = node.path("type").asText("");
        Action action = Action.fromToken(type);
        if (action != null) {
            return action;
        }
        return switch (type) {
            case "repeat" -> {
                JsonNode times = node.get("times");
                if (times == null || !times.isInt() || times.intValue() < 2 || times.intValue() > 10) {
                    throw new IllegalArgumentException(path + ".times must be an integer within 2..10");
                }
                yield new Statement.Repeat(times.intValue(), readBlock(node.get("body"), path + ".body", depth + 1));
            }
            case "while" -> new Statement.While(readCondition(node.get("condition"), path + ".condition", true),
                    readBlock(node.get("body"), path + ".body", depth + 1));
            case "if" -> new Statement.If(readCondition(node.get("condition"), path + ".condition", true),
                    readBlock(node.get("body"), path + ".body", depth + 1));
            case "ifElse" -> new Statement.IfElse(readCondition(node.get("condition"), path + ".condition", true),
                    readBlock(node.get("ifBody"), path + ".ifBody", depth + 1), readBlock(node.get("elseBody"), path + ".elseBody", depth + 1));
            default -> throw new IllegalArgumentException(path + " has unknown type '" + type + "'");
        };
    }

    private static Condition readCondition(JsonNode node, String path, boolean mayNegate) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(path + " is missing");
        }
        String type = node.path("type").asText("");
        if (type.equals("not") && mayNegate) {
            Condition inner = readCondition(node.get("condition"), path + ".condition", false);
            return Condition.not(inner.sensor());
        }
        Sensor sensor = Sensor.fromToken(type);
        if (sensor == null) {
            throw new IllegalArgumentException(path + " has unknown test '" + type + "'");
        }
        return Condition.of(sensor);
    }
}
