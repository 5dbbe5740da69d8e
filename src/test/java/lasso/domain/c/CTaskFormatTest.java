package lasso.domain.c;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.Example;
import lasso.domain.InvalidTaskException;
import lasso.domain.Task;
import lasso.domain.TaskFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static lasso.domain.c.CTestPrograms.DOMAIN;
import static lasso.domain.c.CTestPrograms.figure5;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CTaskFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TaskFormat<CArray, CArray> FORMAT = DOMAIN.taskFormat();

    private static Task<CArray, CArray> read(String json) throws Exception {
        return FORMAT.read(JSON.readTree(json));
    }

    @Test
    void readsTasksWithOptionalOutputsAndHeldOutMarks() throws Exception {
        Task<CArray, CArray> task = read("""
                {"id": "t1", "program": "{ a[0]++; return a; }", "extra": 1, "examples": [
                  {"input": [0, 1, 2, 3, 4], "output": [1, 1, 2, 3, 4]},
                  {"input": [1, 1, 1, 1, 1], "output": [2, 1, 1, 1, 1], "heldout": true},
                  {"input": [-2147483648, 0, 0, 0, 2147483647]}]}""");
        assertEquals("t1", task.id());
        assertEquals(3, task.examples().size());
        assertEquals(1, task.heldout().size());
        assertEquals(new Example<>(CArray.of(1, 1, 1, 1, 1), CArray.of(2, 1, 1, 1, 1), true), task.examples().get(1));
        assertNull(task.examples().get(2).output());
        assertEquals("7", read("{\"id\": 7, \"examples\": [{\"input\": [0,0,0,0,0]}]}").id());
        assertEquals("", read("{\"id\": 7, \"examples\": [{\"input\": [0,0,0,0,0]}]}").program());
    }

    @Test
    void writeGivesBackWhatReadTakes() throws Exception {
        Task<CArray, CArray> task = new Task<>("x", figure5(2), List.of(
                new Example<>(CArray.of(1, -3, 0, 2, 4), CArray.of(1, -4, -1, 6, 4), false),
                new Example<>(CArray.of(0, 0, 0, 0, 0), CArray.of(0, -1, -1, 4, 0), true),
                new Example<>(CArray.of(4, 4, 4, 4, 4), null, false)));
        ObjectNode written = FORMAT.write(task);
        assertFalse(written.get("examples").get(0).has("heldout"), "heldout is written only when true");
        assertFalse(written.get("examples").get(2).has("output"));
        assertEquals(task, FORMAT.read(JSON.readTree(JSON.writeValueAsString(written))));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"program": "", "examples": []}                                          | missing field 'id'
            {"id": [1], "examples": []}                                              | field 'id' must be a string or an integer
            {"id": "t"}                                                              | missing field 'examples'
            {"id": "t", "examples": []}                                              | field 'examples' must be a non-empty list
            {"id": "t", "examples": {"input": [1,2,3,4,5]}}                          | field 'examples' must be a non-empty list
            {"id": "t", "program": 3, "examples": [{"input": [1,2,3,4,5]}]}          | field 'program' must be a string
            {"id": "t", "examples": [{"output": [1,2,3,4,5]}]}                       | missing field 'examples[0].input'
            {"id": "t", "examples": [{"input": [1,2,3,4,5]}, 3]}                     | field 'examples[1]' must be an object
            {"id": "t", "examples": [{"input": [1,2,3,4]}]}                          | field 'examples[0].input' must hold 5 ints, not 4
            {"id": "t", "examples": [{"input": "1,2,3,4,5"}]}                        | field 'examples[0].input' must be a list of 5 ints, not a string
            {"id": "t", "examples": [{"input": [1,2,3,4,5], "output": [1,2,3,4,5,6]}]} | field 'examples[0].output' must hold 5 ints, not 6
            {"id": "t", "examples": [{"input": [1,2,3.5,4,5]}]}                      | field 'examples[0].input[2]' must be a 32-bit int, not 3.5
            {"id": "t", "examples": [{"input": [1,2,"3",4,5]}]}                      | field 'examples[0].input[2]' must be a 32-bit int, not "3"
            {"id": "t", "examples": [{"input": [1,2,3,4,5000000000]}]}               | field 'examples[0].input[4]' must be a 32-bit int, not 5000000000
            {"id": "t", "examples": [{"input": [1,2,3,4,5], "heldout": "yes"}]}      | field 'examples[0].heldout' must be true or false
            """)
    void badRecordsNameTheFieldAndTheProblem(String json, String message) {
        InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> read(json));
        assertTrue(e.getMessage().startsWith(message), () -> "expected '" + message + "' but got '" + e.getMessage() + "'");
    }

    @Test
    void execGivesOneRecordPerExampleWithItsStatus() throws Exception {
        Task<CArray, CArray> task = read("""
                {"id": "t", "program": "{ a[a[0]] = 9; if (a[1] == 7) for (int p_0 = 0; p_0 < 1; p_0++) p_0--; return a; }",
                 "examples": [{"input": [1,0,0,0,0]}, {"input": [5,0,0,0,0]}, {"input": [0,7,0,0,0], "output": [0,0,0,0,0]}]}""");
        List<ObjectNode> records = FORMAT.exec(task);
        assertEquals(3, records.size());
        assertEquals(JSON.readTree("{\"id\":\"t\",\"example_index\":0,\"status\":\"ok\",\"output\":[1,9,0,0,0]}"), records.get(0));
        assertEquals("error", records.get(1).get("status").asText());
        assertTrue(records.get(1).get("output").isNull());
        assertTrue(records.get(1).get("message").asText().contains("index 5"));
        assertEquals("timeout", records.get(2).get("status").asText());
        assertEquals(2, records.get(2).get("example_index").asInt());
    }

    @Test
    void aProgramThatDoesNotParseGivesOneSyntaxErrorRecord() throws Exception {
        Task<CArray, CArray> task = read("""
                {"id": "bad", "program": "int * func_1(int a[])\\n{\\n    a[0] = 1\\n    return a;\\n}",
                 "examples": [{"input": [1,0,0,0,0]}, {"input": [5,0,0,0,0]}]}""");
        List<ObjectNode> records = FORMAT.exec(task);
        assertEquals(1, records.size());
        JsonNode record = records.get(0);
        assertEquals("bad", record.get("id").asText());
        assertEquals("syntax_error", record.get("status").asText());
        assertEquals("line 4, column 5: expected ';' but found 'return'", record.get("message").asText());
    }

    @Test
    void checkCountsWhatTheProgramReproducesAndSaysWhatDiffered() throws Exception {
        Task<CArray, CArray> task = read("""
                {"id": "t", "program": "{ a[a[0]]++; return a; }", "examples": [
                  {"input": [1,0,0,0,0], "output": [1,1,0,0,0]},
                  {"input": [2,0,0,0,0], "output": [2,0,0,0,0]},
                  {"input": [9,0,0,0,0], "output": [9,0,0,0,0]},
                  {"input": [0,0,0,0,0]}]}""");
        TaskFormat.CheckResult result = FORMAT.check(task);
        assertEquals(1, result.passed());
        assertEquals(4, result.total());
        assertEquals(List.of(
                "example 1: input [2, 0, 0, 0, 0] expected [2, 0, 0, 0, 0] but got [2, 0, 1, 0, 0]",
                "example 2: input [9, 0, 0, 0, 0] expected [9, 0, 0, 0, 0] but error: index 9 is outside the list (0..4): undefined behaviour in C",
                "example 3: no output to compare with"), result.problems());
        TaskFormat.CheckResult broken = FORMAT.check(new Task<>("b", "{ return a }", task.examples()));
        assertEquals(0, broken.passed());
        assertEquals(List.of("syntax error: line 1, column 12: expected ';' but found '}'"), broken.problems());
    }
}
