package lasso.search.karel;

import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.Outcome;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.domain.karel.KarelDomain;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelProgram;
import lasso.search.Candidate;
import lasso.search.CandidateStream;
import lasso.search.Proposal;
import lasso.search.Proposers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KarelEnumerativeProposerTest {

    private static final KarelDomain KAREL = (KarelDomain) Domains.named("karel");

    private static TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> task(long index, int maxTokens) {
        return TaskGeneration.one(KAREL.generator(Map.of("max-rows", "8", "max-cols", "8",
                "max-tokens", String.valueOf(maxTokens))), 11, index).task();
    }

    private static List<Example<KarelGrid, KarelGrid>> given(TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> task) {
        return task.examples().stream().filter(e -> !e.heldout()).toList();
    }

    private static List<Candidate<KarelProgram>> take(CandidateStream<KarelProgram> stream, int count) {
        List<Candidate<KarelProgram>> all = new ArrayList<>();
        while (all.size() < count) {
            Proposal<KarelProgram> proposal = stream.next(100).toCompletableFuture().join();
            all.addAll(proposal.candidates());
            if (proposal.exhausted()) {
                break;
            }
        }
        return all;
    }

    @Test
    void isKarelsSynthesizerWithoutANetwork() {
        // a shipped neural model (lasso.model) ranks above it; of the search layer's own, it comes first
        String best = Proposers.all().stream()
                .filter(f -> f.getClass().getPackageName().startsWith("lasso.search") && f.supports(KAREL))
                .findFirst().orElseThrow().name();
        assertEquals("enumerative", best);
        assertInstanceOf(KarelEnumerativeProposer.class, Proposers.create(KAREL, "enumerative"));
    }

    @Test
    void proposesSmallestFirstEachBehavingDifferentlyAndNeverFailing() throws Exception {
        List<Example<KarelGrid, KarelGrid>> given = given(task(0, 14));
        List<Candidate<KarelProgram>> candidates = take(Proposers.create(KAREL, "enumerative").open(given, 1), 3000);
        assertTrue(candidates.size() >= 3000);
        Set<List<KarelGrid>> behaviours = new HashSet<>();
        double previous = 0;
        for (Candidate<KarelProgram> candidate : candidates) {
            KarelProgram program = candidate.program();
            assertEquals(-program.size(), candidate.score(), 0.0, "scored by minus its length");
            assertTrue(candidate.score() <= previous, "smallest first");
            previous = candidate.score();
            assertEquals(program, KAREL.parse(KAREL.tokens(program)), "a program of the grammar");
            List<KarelGrid> outputs = new ArrayList<>();
            for (Example<KarelGrid, KarelGrid> example : given) {
                Outcome<KarelGrid> outcome = KAREL.run(program, example.input());
                assertTrue(outcome.isOk(), program + " fails on an example: " + outcome);
                outputs.add(((Outcome.Ok<KarelGrid>) outcome).output());
            }
            assertTrue(behaviours.add(outputs), program + " behaves like an earlier program on every example");
        }
    }

    @Test
    void findsProgramsForGeneratedTasks() {
        int solved = 0;
        for (int i = 0; i < 8; i++) {
            TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> task = task(i, 11);
            List<Example<KarelGrid, KarelGrid>> given = given(task);
            for (Candidate<KarelProgram> candidate : take(Proposers.create(KAREL, "enumerative").open(given, 1),
                    20_000)) {
                if (KAREL.score(candidate.program(), given) == 1.0) {
                    assertTrue(candidate.program().size() <= task.program().size(),
                            "nothing longer than the generator's own program is needed first");
                    solved++;
                    break;
                }
            }
        }
        assertEquals(8, solved);
    }

    @Test
    void theLibraryHoldsGrammaticalStatementsOfEachSize() {
        StatementLibrary library = new StatementLibrary();
        Set<KarelProgram> seen = new HashSet<>();
        for (int size = 1; size <= 7; size++) {
            List<StatementLibrary.Entry> statements = library.ofSize(size);
            assertEquals(size == 1 || size >= 5, !statements.isEmpty(), "compound statements take 5 tokens or more");
            for (StatementLibrary.Entry entry : statements) {
                assertEquals(size + 4, entry.program().size(), entry.program().toString());
                assertTrue(seen.add(entry.program()), "listed once: " + entry.program());
            }
        }
        assertEquals(5, library.ofSize(1).size(), "the five actions");
        assertEquals(45, library.ofSize(5).size(), "REPEAT R=2..10 over one action");
        assertTrue(library.ofSize(StatementLibrary.MAX_STATEMENT_TOKENS + 1).isEmpty());
    }
}
