package lasso.domain.karel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.InvalidTaskException;
import lasso.domain.Task;
import lasso.domain.TaskFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KarelTaskFormatTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<JsonNode> RECORDS = RealKarelData.records(RealKarelData.FULL);

    private final TaskFormat<KarelGrid, KarelGrid> format = new KarelDomain().taskFormat();

    private static ObjectNode first() {
        return (ObjectNode) RECORDS.get(0).deepCopy();
    }

    @Test
    void readingAndWritingARealRecordGivesItBackExactly() throws InvalidTaskException {
        for (JsonNode record : RECORDS) {
            Task<KarelGrid, KarelGrid> task = format.read(record);
            assertEquals(record.get("guid").asText(), task.id());
            assertEquals(5, task.given().size());
            assertEquals(1, task.heldout().size());
            assertTrue(task.examples().get(5).heldout());
            assertEquals(record.toString(), format.write(task).toString(), "same fields, values and order");
        }
    }

    @Test
    void writingAGeneratedTaskComputesActionsAndTensors() throws InvalidTaskException {
        Task<KarelGrid, KarelGrid> read = format.read(first());
        Task<KarelGrid, KarelGrid> bare = new Task<>(read.id(), read.program(), read.examples());
        assertNull(bare.recorded());
        assertEquals(first().toString(), format.write(bare).toString(), "actions recomputed by running the program");
    }

    @Test
    void onlyTheGuidTheTokensAndTheInputsAreNeeded() throws InvalidTaskException {
        String line = "{\"guid\": \"g\", \"program_tokens\": [\"DEF\", \"run\", \"m(\", \"move\", \"m)\"], "
                + "\"examples\": [{\"inpgrid_json\": {\"rows\": 2, \"cols\": 3, \"hero\": \"0:0:east\"}}]}";
        Task<KarelGrid, KarelGrid> task = format.read(json(line));
        assertEquals("DEF run m( move m)", task.program());
        assertNull(task.examples().get(0).output());
        assertNull(task.recorded());
        List<ObjectNode> records = format.exec(task);
        assertEquals("[{\"guid\":\"g\",\"example_index\":0,\"status\":\"ok\",\"actions\":[\"move\"],\"outgrid_json\":"
                + "{\"blocked\":\"\",\"cols\":3,\"crashed\":false,\"hero\":\"0:1:east\",\"markers\":\"\",\"rows\":2}}]",
                records.toString());
        TaskFormat.CheckResult check = format.check(task);
        assertEquals(0, check.passed());
        assertEquals(List.of("example 0: no outgrid_json to compare with"), check.problems());
    }

    @Test
    void execGivesOneRecordPerExampleWithTheOutputGrid() throws InvalidTaskException {
        JsonNode record = first();
        List<ObjectNode> lines = format.exec(format.read(record));
        assertEquals(6, lines.size());
        for (int i = 0; i < 6; i++) {
            ObjectNode line = lines.get(i);
            assertEquals(List.of("guid", "example_index", "status", "actions", "outgrid_json"), fieldNames(line));
            assertEquals(i, line.get("example_index").intValue());
            assertEquals("ok", line.get("status").asText());
            assertEquals(record.get("examples").get(i).get("actions"), line.get("actions"));
            assertEquals(record.get("examples").get(i).get("outgrid_json"), line.get("outgrid_json"));
        }
    }

    @Test
    void execReportsCrashesTimeoutsAndSyntaxErrors() throws InvalidTaskException {
        ObjectNode record = first();
        setProgram(record, "DEF run m( putMarker WHILE c( frontIsClear c) w( move w) move m)");
        ObjectNode crash = format.exec(format.read(record)).get(0);
        assertEquals("crash", crash.get("status").asText());
        assertTrue(crash.get("outgrid_json").isNull());
        ArrayNode actions = (ArrayNode) crash.get("actions");
        assertEquals("move", actions.get(actions.size() - 1).asText(), "the failing action is listed last");

        setProgram(record, "DEF run m( WHILE c( noMarkersPresent c) w( turnLeft w) m)");
        ObjectNode timeout = format.exec(format.read(record)).get(0);
        assertEquals("timeout", timeout.get("status").asText());
        assertTrue(timeout.get("outgrid_json").isNull());

        setProgram(record, "DEF run m( REPEAT R=2 r( move w) m)");
        List<ObjectNode> syntax = format.exec(format.read(record));
        assertEquals(1, syntax.size());
        assertEquals(List.of("guid", "status", "message"), fieldNames(syntax.get(0)));
        assertEquals("syntax_error", syntax.get(0).get("status").asText());
        assertTrue(syntax.get(0).get("message").asText().startsWith("token 7 'w)': expected a statement"),
                syntax.get(0).get("message").asText());

        setProgram(record, "DEF run m( jump m)");
        assertEquals("token 3 'jump': unknown token (not in the Karel vocabulary)",
                format.exec(format.read(record)).get(0).get("message").asText());
    }

    @Test
    void checkNamesWhatDiffers() throws InvalidTaskException {
        for (JsonNode record : RECORDS) {
            TaskFormat.CheckResult result = format.check(format.read(record));
            assertEquals(6, result.passed());
            assertEquals(List.of(), result.problems());
        }
        ObjectNode record = first();
        ((ArrayNode) record.get("examples").get(1).get("actions")).set(2, "turnLeft");
        ((ObjectNode) record.get("examples").get(3).get("outgrid_json")).put("hero", "0:5:east");
        TaskFormat.CheckResult result = format.check(format.read(record));
        assertEquals(4, result.passed());
        assertEquals(List.of("example 1: actions differ from the recorded ones: action 2 is move, recorded turnLeft",
                "example 3: output differs from outgrid_json: hero at 6:0 facing north, expected 0:5 facing east"),
                result.problems());

        setProgram(record, "DEF run m( " + "move ".repeat(16) + "m)");
        result = format.check(format.read(record));
        assertEquals(0, result.passed());
        assertTrue(result.problems().get(0).startsWith("example 0: crash: move into a wall from 0:15 facing east"),
                result.problems().get(0));

        setProgram(record, "DEF run m( move");
        result = format.check(format.read(record));
        assertEquals(new TaskFormat.CheckResult(0, 6, List.of("program does not parse: unexpected end of program after "
                + "token 3: expected a statement (move, turnLeft, turnRight, pickMarker, putMarker, REPEAT, WHILE, IF or IFELSE) "
                + "or 'm)' to close 'm(' at token 2")), result);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "/guid                                    | missing field 'guid'",
        "/program_tokens                          | missing field 'program_tokens'",
        "/examples                                | missing field 'examples'",
        "/examples/0/inpgrid_json                 | examples[0]: missing field 'inpgrid_json'",
        "/examples/2/inpgrid_json/rows            | examples[2].inpgrid_json: missing 'rows'",
        "/examples/0/inpgrid_json/hero            | examples[0].inpgrid_json: missing 'hero'",
    })
    void missingFieldsAreNamed(String pointer, String message) {
        ObjectNode record = first();
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = pointer.substring(0, slash).isEmpty() ? record : record.at(pointer.substring(0, slash));
        ((ObjectNode) parent).remove(pointer.substring(slash + 1));
        assertEquals(message, assertThrows(InvalidTaskException.class, () -> format.read(record)).getMessage());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "rows     | 17                       | examples[0].inpgrid_json: 'rows' 17 is outside 2..16",
        "cols     | 1                        | examples[0].inpgrid_json: 'cols' 1 is outside 2..16",
        "rows     | '\"9\"'                  | examples[0].inpgrid_json: 'rows' must be an integer, not \"9\"",
        "hero     | '\"0:0:up\"'             | examples[0].inpgrid_json: 'hero' direction 'up' is not north, east, south or west",
        "hero     | '\"9:0:east\"'           | examples[0].inpgrid_json: hero 9:0:east is outside the 9x16 grid",
        "hero     | '\"0:0\"'                | examples[0].inpgrid_json: 'hero' must be \"row:col:direction\", not \"0:0\"",
        "blocked  | '\"0:0\"'                | examples[0].inpgrid_json: hero 0:0:east is on an obstacle",
        "blocked  | '\"0:x\"'                | examples[0].inpgrid_json: 'blocked' entry \"0:x\" has 'x', not a number",
        "blocked  | '\"3:4 3:4\"'            | examples[0].inpgrid_json: obstacle 3:4 is listed twice",
        "markers  | '\"2:2:-1\"'             | examples[0].inpgrid_json: marker count in \"2:2:-1\" is outside 1..10",
        "markers  | '\"2:2:11\"'             | examples[0].inpgrid_json: marker count in \"2:2:11\" is outside 1..10",
        "markers  | '\"2:-2:1\"'             | examples[0].inpgrid_json: 'markers' entry \"2:-2:1\" has a negative coordinate",
        "markers  | '\"2:2:1 2:2:3\"'        | examples[0].inpgrid_json: markers on cell 2:2 are listed twice",
        "crashed  | true                     | examples[0].inpgrid_json: 'crashed' must be false (a crashed grid is not a Karel world)",
    })
    void badGridsAreRefusedWithTheProblemNamed(String key, String value, String message) throws Exception {
        ObjectNode record = first();
        ((ObjectNode) record.at("/examples/0/inpgrid_json")).set(key, MAPPER.readTree(value));
        assertEquals(message, assertThrows(InvalidTaskException.class, () -> format.read(record)).getMessage());
    }

    @Test
    void aMarkerOnAnObstacleIsRefused() {
        ObjectNode record = first();
        ObjectNode grid = (ObjectNode) record.at("/examples/4/outgrid_json");
        grid.put("blocked", "5:5");
        grid.put("markers", "5:5:2");
        assertEquals("examples[4].outgrid_json: marker 5:5:2 is on an obstacle",
                assertThrows(InvalidTaskException.class, () -> format.read(record)).getMessage());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"guid\": {\"a\": 1}}                                          | 'guid' must be a string, not {\"a\":1}",
        "{\"guid\": \"g\", \"program_tokens\": \"DEF run\"}              | 'program_tokens' must be a list of strings",
        "{\"guid\": \"g\", \"program_tokens\": [\"DEF\", 7]}             | program_tokens[1] is not a token: 7",
        "{\"guid\": \"g\", \"program_tokens\": [\"DEF run\"]}            | program_tokens[0] is not a token: \"DEF run\"",
        "{\"guid\": \"g\", \"program_tokens\": [], \"examples\": []}     | 'examples' must be a non-empty list",
        "{\"guid\": \"g\", \"program_tokens\": [], \"examples\": [3]}    | examples[0] must be an object",
        "{\"guid\": \"g\", \"program_tokens\": [], \"examples\": [{\"example_index\": 4}]} | examples[0].example_index is 4, expected 0",
        "{\"guid\": \"g\", \"program_tokens\": [], \"examples\": [{\"inpgrid_json\": {\"rows\": 2, \"cols\": 2, \"hero\": \"0:0:east\"}, \"actions\": [\"jump\"]}]} | examples[0].actions[0] is not an action: \"jump\"",
    })
    void badRecordsAreRefusedWithTheProblemNamed(String line, String message) throws Exception {
        assertEquals(message, assertThrows(InvalidTaskException.class, () -> format.read(json(line))).getMessage());
    }

    @Test
    void anUnparsableProgramIsReadAndWrittenAsItsTokens() throws InvalidTaskException {
        ObjectNode record = first();
        setProgram(record, "DEF run m( R=11 m)");
        Task<KarelGrid, KarelGrid> task = format.read(record);
        ObjectNode written = format.write(task);
        assertFalse(written.has("program_json"));
        assertEquals(record.get("program_tokens"), written.get("program_tokens"));
    }

    private static void setProgram(ObjectNode record, String text) {
        ArrayNode tokens = record.putArray("program_tokens");
        for (String token : text.split(" ")) {
            tokens.add(token);
        }
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
