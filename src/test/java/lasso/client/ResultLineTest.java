package lasso.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ResultLineTest {

    @Test
    void anUnsolvedLineKeepsItsNoteSoThatAMemoryBudgetStopSaysWhichShareItReached() {
        ResultLine line = new ResultLine("t1", ResultLine.UNSOLVED, "move", 3, 5, 0, 1, 40, 131072, 900,
                "memory_budget", "memory budget: 131072 programs held");
        assertEquals("memory budget: 131072 programs held", line.json().get("message").asText());
        assertEquals(line, ResultLine.parse(line.text()));
    }

    @Test
    void aLineWithoutANoteHasNoMessageField() {
        ResultLine line = new ResultLine("t2", ResultLine.SOLVED, "move", 5, 5, 1, 1, 2, 300, 45, "found", "");
        assertFalse(line.json().has("message"));
        assertEquals(line, ResultLine.parse(line.text()));
    }
}
