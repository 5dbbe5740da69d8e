package lasso.domain.karel;

import com.fasterxml.jackson.databind.JsonNode;
import lasso.domain.ProgramSyntaxException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 500 real test programs: parse/print round trips, and their recorded action lists. */
class KarelRealProgramsTest {

    private static final List<JsonNode> RECORDS = RealKarelData.records(RealKarelData.PROGRAMS);

    @Test
    void all500ProgramsRoundTripThroughTokensTextAndIds() throws ProgramSyntaxException {
        assertEquals(500, RECORDS.size());
        for (JsonNode record : RECORDS) {
            List<String> tokens = RealKarelData.strings(record.get("program_tokens"));
            KarelProgram program = KarelParser.parse(tokens);
            assertEquals(tokens, program.tokens());
            assertEquals(program, KarelParser.parseText(program.toString()));
            assertEquals(program, KarelParser.parseText(program.pretty()));
            assertEquals(program, KarelParser.parse(program.tokenIds()));
            assertEquals(program, KarelProgramJson.read(KarelProgramJson.write(program)));
            assertEquals(tokens.size(), program.size());
        }
    }

    /**
     * Without the grids the recorded action lists cannot be replayed, but each must still be a path
     * through its program: some choice of condition values yields exactly that sequence of actions.
     */
    @Test
    void everyRecordedActionListIsAPathThroughItsProgram() throws ProgramSyntaxException {
        int lists = 0;
        for (JsonNode record : RECORDS) {
            KarelProgram program = KarelParser.parse(RealKarelData.strings(record.get("program_tokens")));
            for (JsonNode actions : record.get("actions")) {
                List<Action> list = RealKarelData.strings(actions).stream().map(Action::fromToken).toList();
                assertTrue(Paths.ends(program.body(), list, Set.of(0)).contains(list.size()),
                        "index " + record.get("index") + ": " + list + " is not a path through " + program);
                lists++;
            }
        }
        assertEquals(3000, lists);
    }

    @Test
    void thePathCheckRejectsActionListsThatNoRunCouldGive() throws ProgramSyntaxException {
        KarelProgram program = KarelParser.parseText("DEF run m( putMarker REPEAT R=5 r( move r) move putMarker m)");
        List<Action> real = List.of(Action.PUT_MARKER, Action.MOVE, Action.MOVE, Action.MOVE, Action.MOVE, Action.MOVE,
                Action.MOVE, Action.PUT_MARKER);
        assertTrue(Paths.ends(program.body(), real, Set.of(0)).contains(real.size()));
        List<Action> oneMoveShort = real.subList(1, real.size());
        assertFalse(Paths.ends(program.body(), oneMoveShort, Set.of(0)).contains(oneMoveShort.size()));
    }

    @Test
    void theFullRecordsAgreeWithTheProgramsFile() {
        List<JsonNode> full = RealKarelData.records(RealKarelData.FULL);
        int[] indices = {0, 1, 2, 3, 31};
        for (int i = 0; i < indices.length; i++) {
            JsonNode record = RECORDS.get(indices[i]);
            assertEquals(full.get(i).get("program_tokens"), record.get("program_tokens"));
            for (int e = 0; e < 6; e++) {
                assertEquals(full.get(i).get("examples").get(e).get("actions"), record.get("actions").get(e));
            }
        }
    }

    /** The sets of action-list positions a block can end at, condition values left open. */
    private static final class Paths {

        static Set<Integer> ends(List<Statement> block, List<Action> actions, Set<Integer> starts) {
            Set<Integer> positions = starts;
            for (Statement statement : block) {
                positions = statement(statement, actions, positions);
                if (positions.isEmpty()) {
                    break;
                }
            }
            return positions;
        }

        private static Set<Integer> statement(Statement statement, List<Action> actions, Set<Integer> starts) {
            Set<Integer> ends = new HashSet<>();
            if (statement instanceof Action action) {
                for (int position : starts) {
                    if (position < actions.size() && actions.get(position) == action) {
                        ends.add(position + 1);
                    }
                }
            } else if (statement instanceof Statement.Repeat repeat) {
                ends = starts;
                for (int i = 0; i < repeat.times(); i++) {
                    ends = ends(repeat.body(), actions, ends);
                }
            } else if (statement instanceof Statement.While loop) {
                Set<Integer> frontier = starts;
                ends.addAll(starts);
                while (!frontier.isEmpty()) {
                    Set<Integer> next = new HashSet<>(ends(loop.body(), actions, frontier));
                    next.removeAll(ends);
                    ends.addAll(next);
                    frontier = next;
                }
            } else if (statement instanceof Statement.If branch) {
                ends.addAll(starts);
                ends.addAll(ends(branch.body(), actions, starts));
            } else if (statement instanceof Statement.IfElse branch) {
                ends.addAll(ends(branch.thenBody(), actions, starts));
                ends.addAll(ends(branch.elseBody(), actions, starts));
            }
            return ends;
        }
    }
}
