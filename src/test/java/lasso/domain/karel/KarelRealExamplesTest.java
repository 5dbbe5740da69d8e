package lasso.domain.karel;

import com.fasterxml.jackson.databind.JsonNode;
import lasso.domain.ProgramSyntaxException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interpreter, the grid JSON and the tensor against the 48 real IO pairs of the MSR test split. */
class KarelRealExamplesTest {

    private static final List<JsonNode> RECORDS = RealKarelData.records(RealKarelData.FULL);

    @Test
    void everyRealExampleGivesItsOutputGridAndActionList() throws ProgramSyntaxException {
        KarelMachine machine = new KarelMachine(KarelRules.near());
        int checked = 0;
        for (JsonNode record : RECORDS) {
            KarelProgram program = KarelParser.parse(RealKarelData.strings(record.get("program_tokens")));
            for (JsonNode example : record.get("examples")) {
                KarelGrid input = KarelGridJson.read(example.get("inpgrid_json"));
                KarelGrid output = KarelGridJson.read(example.get("outgrid_json"));
                String where = record.get("guid").asText() + " example " + example.get("example_index");
                assertEquals(KarelMachine.OK, machine.run(program, input), where + ": " + machine.failure());
                assertEquals(output, machine.output(), where);
                assertTrue(machine.outputEquals(output), where);
                List<String> actions = machine.actions().stream().map(Action::token).toList();
                assertEquals(RealKarelData.strings(example.get("actions")), actions, where);
                checked++;
            }
        }
        assertEquals(48, checked);
    }

    @Test
    void gridsAndTensorStringsAreReproducedExactly() {
        int checked = 0;
        for (JsonNode record : RECORDS) {
            for (JsonNode example : record.get("examples")) {
                for (String side : List.of("inpgrid", "outgrid")) {
                    KarelGrid grid = KarelGridJson.read(example.get(side + "_json"));
                    String tensor = example.get(side + "_tensor").asText();
                    assertEquals(tensor, KarelTensor.tensorString(grid), "tensor string, exact order");
                    int[] expected = KarelTensor.parseTensorString(tensor);
                    int[] actual = KarelTensor.indices(grid);
                    Arrays.sort(expected);
                    Arrays.sort(actual);
                    assertArrayEquals(expected, actual);
                    assertEquals(grid, KarelTensor.decode(expected));
                    float[] dense = new float[KarelTensor.LENGTH + 7];
                    KarelTensor.encode(grid, dense, 7);
                    int ones = 0;
                    for (int i = 0; i < KarelTensor.LENGTH; i++) {
                        if (dense[7 + i] == 1f) {
                            assertTrue(Arrays.binarySearch(expected, i) >= 0, "index " + i + " set");
                            ones++;
                        }
                    }
                    assertEquals(expected.length, ones);
                    // Grid JSON writes back the same fields, in the same order.
                    assertEquals(example.get(side + "_json").toString(), KarelGridJson.write(grid).toString());
                    checked++;
                }
            }
        }
        assertEquals(96, checked);
    }

    @Test
    void programJsonMatchesTheTokensBothWays() throws ProgramSyntaxException {
        for (JsonNode record : RECORDS) {
            List<String> tokens = RealKarelData.strings(record.get("program_tokens"));
            KarelProgram program = KarelParser.parse(tokens);
            assertEquals(program, KarelProgramJson.read(record.get("program_json")));
            assertEquals(record.get("program_json").toString(), KarelProgramJson.write(program).toString());
            assertEquals(tokens, program.tokens());
        }
    }
}
