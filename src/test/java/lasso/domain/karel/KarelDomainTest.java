package lasso.domain.karel;

import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.Outcome;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.Task;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KarelDomainTest {

    private final KarelDomain karel = new KarelDomain();

    @Test
    void isRegisteredUnderItsName() {
        assertInstanceOf(KarelDomain.class, Domains.named("karel"));
        assertEquals(39, Domains.named("karel").vocabulary().size());
        assertEquals("guid", Domains.named("karel").taskFormat().idField());
    }

    @Test
    void textTokensAndProgramsConvertBothWays() throws ProgramSyntaxException {
        String text = "DEF run m( WHILE c( not c( frontIsClear c) c) w( turnLeft w) move m)";
        KarelProgram program = karel.parse(text);
        assertEquals(text, karel.print(program));
        assertEquals(List.of(text.split(" ")), karel.tokenize(text));
        assertEquals(program, karel.parse(karel.tokens(program)));
        ProgramSyntaxException error = assertThrows(ProgramSyntaxException.class, () -> karel.tokenize("DEF run m( hop m)"));
        assertEquals("token 3 'hop' (line 1, column 12): unknown token (not in the Karel vocabulary)", error.getMessage());
    }

    @Test
    void runAndScoreSpeakTheDomainInterface() throws Exception {
        Task<KarelGrid, KarelGrid> task = karel.taskFormat().read(RealKarelData.records(RealKarelData.FULL).get(0));
        KarelProgram right = karel.parse(task.program());
        KarelProgram wrong = karel.parse("DEF run m( putMarker REPEAT R=4 r( move r) move putMarker m)");
        assertEquals(1.0, karel.score(right, task.given()));
        assertEquals(0.0, karel.score(wrong, task.given()));
        assertTrue(karel.passes(right, task.heldout().get(0)));
        Example<KarelGrid, KarelGrid> input = task.examples().get(0);
        assertEquals(Outcome.ok(input.output()), karel.run(right, input.input()));
        assertFalse(karel.passes(right, new Example<>(input.input(), null, false)), "no output, nothing to pass");
        KarelProgram crash = karel.parse("DEF run m( turnRight turnRight move m)");
        Outcome.Failure<KarelGrid> failure = assertInstanceOf(Outcome.Failure.class, karel.run(crash, input.input()));
        assertEquals(Outcome.FailureKind.ERROR, failure.kind());
        assertEquals("move into a wall from 0:0 facing west (action 3)", failure.reason());
        assertThrows(IllegalArgumentException.class, () -> karel.score(right, List.of()));
    }

    @Test
    void gandrlRulesAreAnOption() throws ProgramSyntaxException {
        KarelDomain gandrl = new KarelDomain(KarelRules.gandrl());
        KarelGrid input = KarelGrid.builder(2, 2).hero(0, 0, Direction.NORTH).build();
        KarelProgram program = karel.parse("DEF run m( " + "turnLeft ".repeat(300) + "m)");
        assertTrue(karel.run(program, input).isOk());
        assertEquals(Outcome.FailureKind.TIMEOUT, ((Outcome.Failure<KarelGrid>) gandrl.run(program, input)).kind());
    }

    @Test
    void gridsValidateAndDescribeThemselves() {
        KarelGrid grid = KarelGrid.builder(3, 4).hero(0, 1, Direction.WEST).obstacle(2, 0).markers(1, 3, 10).build();
        assertEquals("# . . .\n. . . X\n. < . .\n", grid.toString());
        assertEquals("rows 1 is outside 2..16", assertThrows(IllegalArgumentException.class,
                () -> KarelGrid.builder(1, 4)).getMessage());
        assertEquals("hero 2:0 is on an obstacle", assertThrows(IllegalArgumentException.class,
                () -> grid.toBuilder().hero(2, 0, Direction.EAST).build()).getMessage());
        assertEquals("marker count -1 at 0:0 is outside 0..10", assertThrows(IllegalArgumentException.class,
                () -> grid.toBuilder().markers(0, 0, -1)).getMessage());
        assertEquals("marker at 2:0 is on an obstacle", assertThrows(IllegalArgumentException.class,
                () -> grid.toBuilder().markers(2, 0, 1).build()).getMessage());
        assertEquals("the grid has no hero", assertThrows(IllegalArgumentException.class,
                () -> KarelGrid.builder(2, 2).build()).getMessage());
        assertEquals("hero at 0:1 facing west, expected 0:2 facing west; 1:3 has 10 markers, expected 9 markers",
                grid.differencesFrom(grid.toBuilder().hero(0, 2, Direction.WEST).markers(1, 3, 9).build()));
        assertEquals(grid, KarelTensor.decode(KarelTensor.indices(grid)));
    }
}
