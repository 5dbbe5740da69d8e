package lasso.model.synthesis;

import lasso.domain.Example;
import lasso.search.Candidate;
import lasso.search.CandidateStream;
import lasso.search.GeneratorSamplingProposer;
import lasso.search.Proposal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NeuralBeamProposerTest {

    @Test
    void streamsWidenTheBeamHandOverEachProgramOnceAndEnd() {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create("karel-lgrl", 8);
             DecodingBatcher<Object, Object, Object> batcher = new DecodingBatcher<>(synthesizer, 4, Duration.ofMillis(1))) {
            List<Example<Object, Object>> given = TinyModels.given(TinyModels.tasks(synthesizer, 1, 3)).get(0);
            NeuralBeamProposer<Object, Object, Object> proposer = new NeuralBeamProposer<>(batcher, 2, 8);
            List<Candidate<Object>> all = new ArrayList<>();
            try (CandidateStream<Object> stream = proposer.open(given, 1)) {
                boolean exhausted = false;
                int calls = 0;
                while (!exhausted) {
                    Proposal<Object> proposal = stream.next(3).toCompletableFuture().join();
                    assertTrue(proposal.candidates().size() <= 3);
                    all.addAll(proposal.candidates());
                    exhausted = proposal.exhausted();
                    assertTrue(++calls < 50);
                }
            }
            Set<Object> distinct = new HashSet<>();
            all.forEach(candidate -> assertTrue(distinct.add(candidate.program()), "each program once"));
            List<Decoded<Object>> widest = synthesizer.decode(List.of(given), 8).get(0);
            assertTrue(all.size() >= widest.size(), "the widest beam's programs all come out: " + all.size());
            assertEquals(widest.get(0).program(), all.get(0).program(), "the most probable program first");
        }
    }

    @Test
    void afterTheWidestBeamTheFallbackGoesOnWithProgramsNotYetGiven() {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create("c-robustfill", 8);
             DecodingBatcher<Object, Object, Object> batcher = new DecodingBatcher<>(synthesizer, 4, Duration.ofMillis(1))) {
            List<Example<Object, Object>> given = TinyModels.given(TinyModels.tasks(synthesizer, 1, 3)).get(0);
            NeuralBeamProposer<Object, Object, Object> proposer = new NeuralBeamProposer<>(batcher, 2, 4,
                    new GeneratorSamplingProposer<>(synthesizer.domain()));
            Set<Object> distinct = new HashSet<>();
            int beamPart = synthesizer.decode(List.of(given), 4).get(0).size();
            try (CandidateStream<Object> stream = proposer.open(given, 1)) {
                for (int call = 0; call < 6; call++) {
                    Proposal<Object> proposal = stream.next(5).toCompletableFuture().join();
                    assertFalse(proposal.exhausted(), "the generator's stream goes on");
                    proposal.candidates().forEach(candidate -> assertTrue(distinct.add(candidate.program())));
                }
            }
            assertTrue(distinct.size() > beamPart, distinct.size() + " candidates, " + beamPart + " from the beams");
        }
    }

    @Test
    void concurrentJobsGetTheirOwnCandidates() {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create("c-noattention", 8);
             // six jobs fill a batch of six at once: the long wait only guards against a slow machine
             DecodingBatcher<Object, Object, Object> batcher = new DecodingBatcher<>(synthesizer, 6, Duration.ofSeconds(30))) {
            List<List<Example<Object, Object>>> given = TinyModels.given(TinyModels.tasks(synthesizer, 6, 12));
            NeuralBeamProposer<Object, Object, Object> proposer = new NeuralBeamProposer<>(batcher, 3, 3);
            List<CompletableFuture<Proposal<Object>>> proposals = new ArrayList<>();
            for (List<Example<Object, Object>> task : given) {
                proposals.add(proposer.open(task, 1).next(3).toCompletableFuture());
            }
            for (int i = 0; i < given.size(); i++) {
                List<Object> expected = synthesizer.decode(List.of(given.get(i)), 3).get(0).stream()
                        .map(Decoded::program).toList();
                assertEquals(expected, proposals.get(i).join().candidates().stream().map(Candidate::program).toList(),
                        "job " + i);
            }
            assertTrue(batcher.stats().meanBatch() > 1, "the jobs shared batches: " + batcher.stats());
        }
    }
}
