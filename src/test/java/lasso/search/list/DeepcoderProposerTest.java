package lasso.search.list;

import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.domain.list.ListDomain;
import lasso.domain.list.ListInput;
import lasso.domain.list.ListProgram;
import lasso.domain.list.Value;
import lasso.search.CandidateProposer;
import lasso.search.CandidateStream;
import lasso.search.Proposal;
import lasso.search.Proposers;
import lasso.search.deepcoder.DeepcoderSearch;
import lasso.search.deepcoder.Prior;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeepcoderProposerTest {

    private static final ListDomain LIST = (ListDomain) Domains.named("list");
    private static final CandidateProposer<ListProgram, ListInput, Value> PRIOR =
            Proposers.create(LIST, "deepcoder-prior");

    private static TaskGenerator.Generated<ListProgram, ListInput, Value> task(long index, int length) {
        return TaskGeneration.one(LIST.generator(Map.of("length", String.valueOf(length))), 4, index).task();
    }

    @Test
    void streamsProgramsThatSatisfyTheExamples() throws Exception {
        for (int i = 0; i < 3; i++) {
            List<Example<ListInput, Value>> given = task(i, 2).examples();
            try (CandidateStream<ListProgram> stream = PRIOR.open(given, 1)) {
                Proposal<ListProgram> proposal = stream.next(4).toCompletableFuture().get(60, TimeUnit.SECONDS);
                assertFalse(proposal.candidates().isEmpty(), "task " + i);
                for (var candidate : proposal.candidates()) {
                    assertEquals(1.0, LIST.score(candidate.program(), given), 0.0, candidate.program().toString());
                    assertEquals(-candidate.program().length(), candidate.score(), 0.0);
                }
            }
        }
    }

    @Test
    void closingTheStreamStopsItsSearch() throws Exception {
        List<Example<ListInput, Value>> given = task(0, 3).examples();
        Example<ListInput, Value> first = given.get(0);
        Value other = given.stream().map(Example::output).filter(o -> !o.equals(first.output())).findFirst().orElseThrow();
        // One input, two outputs: no program satisfies them, and programs of up to five statements are
        // far too many to enumerate before the close (the shipped maximum of three can run out within
        // the pause on a fast machine).
        CandidateProposer<ListProgram, ListInput, Value> deep =
                new DeepcoderProposer(Prior.uniform(), DeepcoderSearch.Strategy.DFS, 5);
        CandidateStream<ListProgram> stream = deep.open(List.of(first, Example.given(first.input(), other)), 1);
        CompletableFuture<Proposal<ListProgram>> next = stream.next(4).toCompletableFuture();
        Thread.sleep(200);
        assertFalse(next.isDone());
        stream.close();
        Proposal<ListProgram> last = next.get(10, TimeUnit.SECONDS);
        assertTrue(last.exhausted());
        assertTrue(last.candidates().isEmpty());
    }

    @Test
    void examplesThatMakeNoSearchProblemAreRefused() {
        List<Example<ListInput, Value>> given = task(0, 2).examples();
        Example<ListInput, Value> mixed = Example.given(ListInput.of(Value.of(3)), given.get(0).output());
        assertThrows(IllegalArgumentException.class, () -> PRIOR.open(List.of(given.get(0), mixed), 1));
    }
}
