package lasso.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every domain's task format against hostile records: a real task with one part replaced by random
 * JSON (numbers at the edges of their types, long strings, deep nesting, wrong shapes). Reading one
 * either gives a task or an {@link InvalidTaskException} naming the problem, never anything else, and
 * a task it gives writes and reads back as itself.
 */
class TaskFormatFuzzTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long[] EDGES = {0, 1, -1, 2, 4, 5, 16, 17, 18, 20, 21, 100, 255, 256, -256, -257,
            Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, Long.MAX_VALUE,
            Long.MIN_VALUE};

    @Property(tries = 200)
    void aRecordWithOnePartReplacedIsATaskOrANamedError(@ForAll("domains") Domain<?, ?, ?> domain,
                                                        @ForAll @IntRange(max = 50) int task, @ForAll Random random) {
        ObjectNode record = realRecord(domain, task);
        JsonNode hostile = replaceSomewhere(record, random);
        readBack(domain, hostile);
    }

    @Property(tries = 100)
    void anyJsonObjectIsATaskOrANamedError(@ForAll("domains") Domain<?, ?, ?> domain, @ForAll Random random) {
        ObjectNode record = JSON.objectNode();
        List<String> fields = fieldNames(realRecord(domain, 0));
        for (int i = random.nextInt(6); i >= 0; i--) {
            record.set(fields.get(random.nextInt(fields.size())), randomJson(random, 4));
        }
        readBack(domain, record);
    }

    /** Every part of a real record, one at a time, replaced by an array 1,100 levels deep (which Jackson cannot write). */
    @Example
    void everyPartReplacedByADeepArrayIsATaskOrANamedError() {
        JsonNode deep = JSON.numberNode(1);
        for (int i = 0; i < 1100; i++) {
            deep = JSON.arrayNode().add(deep);
        }
        for (Domain<?, ?, ?> domain : Domains.all()) {
            ObjectNode record = realRecord(domain, 0);
            for (List<Object> path : paths(record, new ArrayList<>())) {
                readBack(domain, replaced(record, path, 0, deep));
            }
        }
    }

    /** The path (field names and indexes) of every node below the root. */
    private static List<List<Object>> paths(JsonNode node, List<Object> prefix) {
        List<List<Object>> paths = new ArrayList<>();
        if (node instanceof ObjectNode object) {
            for (String name : fieldNames(object)) {
                List<Object> path = new ArrayList<>(prefix);
                path.add(name);
                paths.add(path);
                paths.addAll(paths(object.get(name), path));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                List<Object> path = new ArrayList<>(prefix);
                path.add(i);
                paths.add(path);
                paths.addAll(paths(array.get(i), path));
            }
        }
        return paths;
    }

    private static JsonNode replaced(JsonNode node, List<Object> path, int at, JsonNode value) {
        if (at == path.size()) {
            return value;
        }
        JsonNode copy = node.deepCopy();
        if (copy instanceof ObjectNode object) {
            String name = (String) path.get(at);
            object.set(name, replaced(object.get(name), path, at + 1, value));
        } else {
            int index = (Integer) path.get(at);
            ((ArrayNode) copy).set(index, replaced(copy.get(index), path, at + 1, value));
        }
        return copy;
    }

    /** Reads a record: an invalid one must say why; a valid one must survive a write and a read. */
    private static <I, O> void readBack(Domain<?, I, O> domain, JsonNode record) {
        Task<I, O> read;
        try {
            read = domain.taskFormat().read(record);
        } catch (InvalidTaskException e) {
            assert e.getMessage() != null && !e.getMessage().isBlank() : "an error names its problem";
            return;
        }
        try {
            Task<I, O> again = domain.taskFormat().read(domain.taskFormat().write(read));
            assertEquals(read.examples(), again.examples(), () -> "a task read back is itself: " + Excerpt.json(record));
        } catch (InvalidTaskException e) {
            throw new AssertionError("a task the format read does not read back: " + e.getMessage() + " in "
                    + Excerpt.json(record), e);
        }
    }

    @Provide
    Arbitrary<Domain<?, ?, ?>> domains() {
        return Arbitraries.of(Domains.all());
    }

    private static <P, I, O> ObjectNode realRecord(Domain<P, I, O> domain, int index) {
        TaskGenerator.Generated<P, I, O> generated = TaskGeneration.one(domain.generator(Map.of()), 7, index).task();
        return domain.taskFormat().write(new Task<>("t" + index, domain.print(generated.program()), generated.examples()));
    }

    /** Walks down from the root at random and replaces the node where it stops. */
    private static JsonNode replaceSomewhere(JsonNode root, Random random) {
        if (!root.isContainerNode() || root.isEmpty() || random.nextInt(4) == 0) {
            return randomJson(random, 3);
        }
        JsonNode copy = root.deepCopy();
        if (copy instanceof ObjectNode object) {
            List<String> names = fieldNames(object);
            String name = names.get(random.nextInt(names.size()));
            if (random.nextInt(8) == 0) {
                object.remove(name);
            } else {
                object.set(name, replaceSomewhere(object.get(name), random));
            }
        } else {
            ArrayNode array = (ArrayNode) copy;
            int at = random.nextInt(array.size());
            array.set(at, replaceSomewhere(array.get(at), random));
        }
        return copy;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** A JSON value: edge numbers, odd strings, and arrays or objects nested up to {@code depth} (or very deep). */
    static JsonNode randomJson(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 11 : 8);
        return switch (kind) {
            case 0 -> JSON.numberNode(EDGES[random.nextInt(EDGES.length)]);
            case 1 -> JSON.numberNode((int) EDGES[random.nextInt(EDGES.length)]);
            case 2 -> JSON.numberNode(random.nextInt(41) - 20);
            case 3 -> JSON.numberNode(new BigInteger("9".repeat(1 + random.nextInt(40))));
            case 4 -> JSON.numberNode(random.nextBoolean() ? 1.5 : -0.0);
            case 5 -> JSON.textNode(random.nextBoolean() ? "x".repeat(random.nextInt(10_000)) : "\u0000\uD83D\uDE00é");
            case 6 -> JSON.booleanNode(random.nextBoolean());
            case 7 -> JSON.nullNode();
            case 8 -> {
                ArrayNode array = JSON.arrayNode();
                for (int i = random.nextInt(random.nextInt(8) == 0 ? 400 : 8); i > 0; i--) {
                    array.add(randomJson(random, depth - 1));
                }
                yield array;
            }
            case 9 -> {
                ObjectNode object = JSON.objectNode();
                String[] names = {"input", "output", "inputs", "heldout", "rows", "cols", "hero", "program", "id", "x"};
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.set(names[random.nextInt(names.length)], randomJson(random, depth - 1));
                }
                yield object;
            }
            default -> {
                JsonNode nested = JSON.numberNode(1);
                for (int i = random.nextInt(3000); i > 0; i--) {
                    nested = JSON.arrayNode().add(nested);
                }
                yield nested;
            }
        };
    }
}
