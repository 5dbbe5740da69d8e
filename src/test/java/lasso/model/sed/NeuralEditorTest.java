package lasso.model.sed;

import lasso.domain.Example;
import lasso.domain.Trace;
import lasso.domain.karel.Direction;
import lasso.domain.karel.KarelDomain;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelParser;
import lasso.domain.karel.KarelProgram;
import lasso.model.synthesis.Decoded;
import lasso.model.synthesis.DecodingBatcher;
import lasso.search.Candidate;
import lasso.search.EditRequest;
import lasso.search.MutationEditor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The neural editor as a search sees it: edits of the parent, best first, and its fallback. */
class NeuralEditorTest {

    private static final KarelDomain KAREL = new KarelDomain();

    private static EditRequest<KarelProgram, KarelGrid, KarelGrid> request(String text, int rows, int max) throws Exception {
        KarelProgram program = KarelParser.parseText(text);
        KarelGrid input = KarelGrid.builder(rows, rows).hero(0, 0, Direction.EAST).build();
        KarelGrid output = KarelGrid.builder(rows, rows).hero(0, 1, Direction.EAST).build();
        KarelGrid turned = KarelGrid.builder(rows, rows).hero(1, 0, Direction.SOUTH).build();
        List<Example<KarelGrid, KarelGrid>> given = List.of(Example.given(input, output), Example.given(turned, output));
        List<Trace<?>> traces = List.of(KAREL.trace(program, input), KAREL.trace(program, turned));
        return new EditRequest<>(given, new Candidate<>(program, -1), traces, max, 3);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void editsAreOtherProgramsBestFirstAndAWorldTooLargeForTheModelGoesToTheFallback(@TempDir Path checkpoints)
            throws Exception {
        try (NeuralDebugger<Object, Object, Object> debugger = TinyDebuggers.trained(checkpoints);
             DecodingBatcher<EditInput<Object, Object>, List<Decoded<Object>>> batcher =
                     new DecodingBatcher<>(debugger, 4, Duration.ofMillis(1))) {
            DecodingBatcher raw = batcher;
            NeuralEditor<KarelProgram, KarelGrid, KarelGrid> editor = new NeuralEditor<>(KAREL, raw, null);
            EditRequest<KarelProgram, KarelGrid, KarelGrid> small = request("DEF run m( turnLeft move m)", 4, 16);
            List<Candidate<KarelProgram>> edits = editor.edit(small).toCompletableFuture().join();
            assertFalse(edits.isEmpty());
            assertTrue(edits.size() <= 16);
            for (int i = 0; i < edits.size(); i++) {
                assertNotEquals(small.parent().program(), edits.get(i).program(), "never the parent");
                assertTrue(i == 0 || edits.get(i - 1).score() >= edits.get(i).score(), "best first");
            }
            // the tiny model reads worlds of at most 4 x 4
            EditRequest<KarelProgram, KarelGrid, KarelGrid> large = request("DEF run m( turnLeft move m)", 8, 6);
            CompletionException failure = assertThrows(CompletionException.class,
                    () -> editor.edit(large).toCompletableFuture().join());
            assertInstanceOf(IllegalArgumentException.class, failure.getCause());
            NeuralEditor<KarelProgram, KarelGrid, KarelGrid> withFallback =
                    new NeuralEditor<>(KAREL, raw, new MutationEditor<>(KAREL));
            List<Candidate<KarelProgram>> mutations = withFallback.edit(large).toCompletableFuture().join();
            assertFalse(mutations.isEmpty(), "random mutations instead");

            // a batcher bounded to one example per request decodes a request's first example only
            EditInput<Object, Object> both = new EditInput<>((List) small.given(),
                    debugger.tokenIds(small.parent().program()), small.traces());
            EditInput<Object, Object> first = debugger.firstExamples(both, 1);
            assertTrue(first.given().equals(both.given().subList(0, 1)) && first.traces().equals(both.traces().subList(0, 1)));
            try (DecodingBatcher<EditInput<Object, Object>, List<Decoded<Object>>> oneExample =
                         new DecodingBatcher<>(debugger, 4, 1024, 1, Duration.ofMillis(1))) {
                assertEquals(programs(debugger.decode(List.of(first), 4).get(0)),
                        programs(oneExample.decode(both, 4).join()));
            }
        }
    }

    private static List<Object> programs(List<Decoded<Object>> decoded) {
        return decoded.stream().map(Decoded::program).toList();
    }
}
