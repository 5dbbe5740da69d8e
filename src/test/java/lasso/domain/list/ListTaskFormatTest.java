package lasso.domain.list;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lasso.domain.InvalidTaskException;
import lasso.domain.Task;
import lasso.domain.TaskFormat;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListTaskFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TaskFormat<ListInput, Value> format = new ListDomain().taskFormat();

    private Task<ListInput, Value> read(String json) throws Exception {
        return format.read(JSON.readTree(json));
    }

    @Test
    void execGivesOneLinePerExample() throws Exception {
        Task<ListInput, Value> task = read("{\"id\": \"t1\", \"program\": \"LIST|MAP,**2,0\", \"examples\": ["
                + "{\"inputs\": [[1, -2, 3]]}, {\"inputs\": [[100]]}, {\"inputs\": [[]], \"output\": []}]}");
        List<String> lines = format.exec(task).stream().map(JsonNode::toString).toList();
        assertEquals("{\"id\":\"t1\",\"example_index\":0,\"status\":\"ok\",\"output\":[1,4,9]}", lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"id\":\"t1\",\"example_index\":1,\"status\":\"error\",\"output\":null,"
                + "\"message\":\"statement 1 (MAP,**2,0): a value is out of range"), lines.get(1));
        assertEquals("{\"id\":\"t1\",\"example_index\":2,\"status\":\"ok\",\"output\":[]}", lines.get(2));
    }

    @Test
    void nullOutputsAndTheMicrosoftForm() throws Exception {
        Task<ListInput, Value> task = read("{\"id\": 7, \"program\": \"a <- [int]\\nb <- HEAD a\", \"format\": \"ms\","
                + " \"examples\": [{\"inputs\": [[]], \"output\": null}, {\"inputs\": [[5, 6]], \"output\": 5}]}");
        assertEquals(NullValue.NULL, task.examples().get(0).output());
        assertEquals("{\"id\":\"7\",\"example_index\":0,\"status\":\"ok\",\"output\":null}", format.exec(task).get(0).toString());
        assertEquals(new TaskFormat.CheckResult(2, 2, List.of()), format.check(task));
    }

    @Test
    void aProgramThatDoesNotParseGivesOneSyntaxErrorLine() throws Exception {
        Task<ListInput, Value> task = read("{\"id\": \"bad\", \"program\": \"LIST|SORT,0,0\", \"examples\": [{\"inputs\": [[1]]}, {\"inputs\": [[2]]}]}");
        var records = format.exec(task);
        assertEquals(1, records.size());
        assertEquals("syntax_error", records.get(0).get("status").asText());
        assertTrue(records.get(0).get("message").asText().contains("SORT takes 1 arguments, got 2"));
        assertEquals(0, format.check(task).passed());
    }

    @Test
    void checkReportsWhatDiffered() throws Exception {
        Task<ListInput, Value> task = read("{\"id\": \"c\", \"program\": \"LIST|SORT,0\", \"examples\": ["
                + "{\"inputs\": [[3, 1]], \"output\": [1, 3]}, {\"inputs\": [[2, 1]], \"output\": [2, 1], \"heldout\": true}]}");
        TaskFormat.CheckResult result = format.check(task);
        assertEquals(1, result.passed());
        assertEquals(List.of("example 1: input [[2,1]] expected [2,1] but got [1,2]"), result.problems());
        assertEquals(1, task.heldout().size());
    }

    @Test
    void writeAndReadRoundTrip() throws Exception {
        Task<ListInput, Value> task = read("{\"id\": \"r\", \"program\": \"LIST|INT|TAKE,1,0\", \"examples\": ["
                + "{\"inputs\": [[3, -1, 4], 2], \"output\": [3, -1]}, {\"inputs\": [[], 0], \"output\": [], \"heldout\": true}]}");
        JsonNode written = format.write(task);
        assertEquals("dkamm", written.get("format").asText());
        assertEquals(34, written.get("attribute").size());
        assertEquals(1, written.get("attribute").get(Attribute.TAKE.ordinal()).asInt());
        Task<ListInput, Value> again = format.read(written);
        assertEquals(task, again);
    }

    @Test
    void badRecordsNameTheFieldAndTheProblem() {
        assertProblem("{\"program\": \"LIST|SORT,0\", \"examples\": [{\"inputs\": [[1]]}]}", "id: missing");
        assertProblem("{\"id\": \"x\", \"examples\": [{\"inputs\": [[1]]}]}", "program: missing");
        assertProblem("{\"id\": \"x\", \"program\": 3, \"examples\": [{\"inputs\": [[1]]}]}", "program: must be a string");
        assertProblem("{\"id\": \"x\", \"program\": \"LIST|SORT,0\"}", "examples: missing");
        assertProblem("{\"id\": \"x\", \"program\": \"LIST|SORT,0\", \"examples\": []}", "examples: must be a non-empty array");
        assertProblem("{\"id\": \"x\", \"program\": \"LIST|SORT,0\", \"examples\": [{\"output\": 1}]}", "examples[0].inputs: missing");
        assertProblem("{\"id\": \"x\", \"program\": \"LIST|SORT,0\", \"examples\": [{\"inputs\": [[1, 300]]}]}",
                "examples[0].inputs[0][1]: 300 is out of range [-256, 255]");
        assertProblem("{\"id\": \"x\", \"program\": \"LIST|SORT,0\", \"examples\": [{\"inputs\": [[1, \"a\"]]}]}",
                "examples[0].inputs[0][1]: expected an integer, got \"a\"");
        assertProblem("{\"id\": \"x\", \"program\": \"LIST|SORT,0\", \"examples\": [{\"inputs\": [[1.5]]}]}",
                "examples[0].inputs[0][0]: expected an integer, got 1.5");
        assertProblem("{\"id\": \"x\", \"program\": \"LIST|SORT,0\", \"examples\": [{\"inputs\": [null]}]}",
                "examples[0].inputs[0]: an input cannot be null");
        assertProblem("{\"id\": \"x\", \"program\": \"LIST|SORT,0\", \"examples\": [{\"inputs\": [[1]], \"output\": -257}]}",
                "examples[0].output: -257 is out of range");
        assertProblem("{\"id\": \"x\", \"program\": \"LIST|SORT,0\", \"examples\": [{\"inputs\": [["
                + "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21]]}]}", "examples[0].inputs[0]: a list holds at most 20");
        assertProblem("{\"id\": \"x\", \"program\": \"LIST|SORT,0\", \"format\": \"ms\", \"examples\": [{\"inputs\": [[1]]}]}",
                "format: declared \"ms\" but the program is in the dkamm form");
        assertProblem("{\"id\": \"x\", \"program\": \"LIST|SORT,0\", \"format\": \"python\", \"examples\": [{\"inputs\": [[1]]}]}",
                "format: must be \"dkamm\" or \"ms\"");
        assertProblem("{\"id\": \"x\", \"program\": \"LIST|SORT,0\", \"examples\": [{\"inputs\": [[1]], \"heldout\": 1}]}",
                "examples[0].heldout: must be true or false");
        assertProblem("{\"id\": \"x\", \"program\": \"LIST|SORT,0\", \"examples\": [{\"inputs\": [[1]]}], \"attribute\": [1]}",
                "attribute: must be an array of 34 bits");
    }

    private void assertProblem(String json, String expected) {
        InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> read(json), json);
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
