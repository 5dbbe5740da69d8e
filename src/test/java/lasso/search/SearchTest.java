package lasso.search;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search algorithms on their own: programs are plain strings, and each test decides what the
 * synthesizer proposes, what the debugger returns and how many of five examples each program passes.
 */
class SearchTest {

    private static final long NEVER = 3_600_000;

    private static SearchSettings settings(Strategy strategy, long expansions, long evaluated, int batch) {
        return new SearchSettings(strategy, expansions, evaluated, NEVER, batch, 4, 7);
    }

    /** An evaluation on five given examples passing the first {@code passed}. */
    private static Evaluation passing(int passed) {
        byte[] codes = new byte[5];
        for (int i = passed; i < 5; i++) {
            codes[i] = Evaluation.WRONG;
        }
        return new Evaluation(true, codes, new byte[0]);
    }

    private static Proposal<String> proposal(boolean exhausted, String... programs) {
        List<Candidate<String>> candidates = new ArrayList<>();
        for (int i = 0; i < programs.length; i++) {
            candidates.add(new Candidate<>(programs[i], -i));
        }
        return new Proposal<>(candidates, exhausted);
    }

    private static List<Candidate<String>> edits(String... programs) {
        return proposal(false, programs).candidates();
    }

    /** Runs one round: admits, records each admitted program with its number of passed examples. */
    private static List<String> play(Search<String> search, Round<String> round, Proposal<String> proposal,
                                     List<Candidate<String>> edits, Map<String, Integer> passed) {
        return playAll(search, round, proposal, round.expand().isEmpty() ? List.of() : List.of(edits), passed);
    }

    /** A round with the edits of each of its expansions. */
    private static List<String> playAll(Search<String> search, Round<String> round, Proposal<String> proposal,
                                        List<List<Candidate<String>>> edits, Map<String, Integer> passed) {
        List<String> admitted = new ArrayList<>();
        for (Admitted<String> candidate : search.admit(round, proposal, edits)) {
            admitted.add(candidate.program());
            Integer count = passed.get(candidate.program());
            search.record(candidate, count == null ? Evaluation.invalid(5) : passing(count));
        }
        search.endRound();
        return admitted;
    }

    /** The one program a round expands. */
    private static String expanded(Round<String> round) {
        assertEquals(1, round.expand().size(), round.toString());
        return round.expand().get(0).parent().program();
    }

    @Test
    void bestFirstExpandsByScoreThenProposerScoreThenFifo() {
        Search<String> search = Search.create(settings(Strategy.BEST_FIRST, 100, 1000, 4));
        Map<String, Integer> passed = new HashMap<>(Map.of("a", 1, "b", 3, "c", 3, "d", 2));
        Round<String> first = search.next().orElseThrow();
        assertEquals(4, first.propose());
        assertTrue(first.expand().isEmpty());
        play(search, first, proposal(true, "a", "b", "c", "d"), List.of(), passed);

        // b and c pass 3; b has the higher proposer score (-1 against -2).
        Round<String> second = search.next().orElseThrow();
        assertEquals("b", expanded(second));
        assertEquals(0, second.propose(), "the synthesizer said it was exhausted");
        passed.put("e", 3);
        play(search, second, null, edits("e"), passed);

        // c (3, score -2) against e (3, score 0 from the editor): e has the better proposer score.
        assertEquals("e", expanded(search.next().orElseThrow()));
    }

    @Test
    void fifoBreaksTiesOfEqualScores() {
        Search<String> search = Search.create(settings(Strategy.BEST_FIRST, 100, 1000, 4));
        Round<String> first = search.next().orElseThrow();
        List<Candidate<String>> same = List.of(new Candidate<>("x", 0), new Candidate<>("y", 0),
                new Candidate<>("z", 0));
        play(search, first, new Proposal<>(same, true), List.of(), Map.of("x", 2, "y", 2, "z", 2));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Round<String> round = search.next().orElseThrow();
            order.add(expanded(round));
            play(search, round, null, List.of(), Map.of());
        }
        assertEquals(List.of("x", "y", "z"), order);
        assertTrue(search.next().isEmpty());
        assertEquals(StopReason.EXHAUSTED, search.stopReason());
    }

    @Test
    void nothingIsEvaluatedTwice() {
        Search<String> search = Search.create(settings(Strategy.BEST_FIRST, 100, 1000, 8));
        Round<String> first = search.next().orElseThrow();
        List<String> admitted = play(search, first, proposal(false, "a", "b", "a", "c", "b"), List.of(),
                Map.of("a", 1, "b", 1, "c", 0));
        assertEquals(List.of("a", "b", "c"), admitted);
        assertEquals(5, search.proposed());
        assertEquals(3, search.evaluated());

        Round<String> second = search.next().orElseThrow();
        assertEquals("a", expanded(second));
        admitted = play(search, second, proposal(false, "c", "d"), edits("b", "a", "e", "d"), Map.of());
        assertEquals(List.of("d", "e"), admitted, "seen programs, from either source, are dropped");
    }

    @Test
    void evaluationBudgetCapsAdmissionAndStops() {
        Search<String> search = Search.create(settings(Strategy.BEAM, 100, 3, 4));
        List<String> admitted = play(search, search.next().orElseThrow(), proposal(false, "a", "b", "c", "d"),
                List.of(), Map.of("a", 0, "b", 1, "c", 2, "d", 4));
        assertEquals(List.of("a", "b", "c"), admitted);
        assertTrue(search.next().isEmpty());
        assertEquals(StopReason.EVALUATION_BUDGET, search.stopReason());
        assertEquals("c", search.best().orElseThrow().program());
        assertTrue(search.solution().isEmpty());
    }

    @Test
    void expansionBudgetStopsBestFirstAndGreedy() {
        for (Strategy strategy : List.of(Strategy.BEST_FIRST, Strategy.GREEDY)) {
            Search<String> search = Search.create(settings(strategy, 2, 1000, 2));
            play(search, search.next().orElseThrow(), proposal(false, "a", "b"), List.of(), Map.of("a", 1, "b", 2));
            int counter = 0;
            Round<String> round;
            while (!search.stopped() && (round = search.next().orElse(null)) != null) {
                String e1 = "e" + counter++;
                String e2 = "e" + counter++;
                play(search, round, round.propose() > 0 ? proposal(false, "p" + counter) : null,
                        edits(e1, e2), Map.of(e1, 1, e2, 1, "p" + counter, 0));
            }
            assertEquals(StopReason.EXPANSION_BUDGET, search.stopReason(), strategy.label());
            assertEquals(2, search.expansions(), strategy.label());
        }
    }

    @Test
    void aShardAtItsShareOfProgramsHeldEndsTheSearchWithItsBestProgram() {
        AtomicLong share = new AtomicLong(5);
        Search<String> search = Search.create(settings(Strategy.BEST_FIRST, 100, 1000, 4), 1, System::nanoTime,
                System.nanoTime(), share::get);
        play(search, search.next().orElseThrow(), proposal(false, "a", "b", "c"), List.of(), Map.of("a", 1, "b", 3));
        Round<String> second = search.next().orElseThrow(() -> new AssertionError("3 programs held of 5"));
        play(search, second, proposal(false, "d"), edits("e", "f"), Map.of("d", 2, "e", 0));
        assertTrue(search.next().isEmpty(), "6 programs held, the share is 5");
        assertEquals(StopReason.MEMORY_BUDGET, search.stopReason());
        assertEquals(6, search.held());
        assertEquals("b", search.best().orElseThrow().program(), "the best program so far is kept");
    }

    @Test
    void aShareThatShrinksWhileTheSearchRunsEndsItAtTheNextRound() {
        AtomicLong share = new AtomicLong(1_000);
        Search<String> search = Search.create(settings(Strategy.BEAM, 100, 1000, 2), 2, System::nanoTime,
                System.nanoTime(), share::get);
        play(search, search.next().orElseThrow(), proposal(false, "a", "b"), List.of(), Map.of("a", 1, "b", 0));
        Round<String> second = search.next().orElseThrow();
        share.set(1);  // more jobs came to the node
        play(search, second, proposal(false, "c", "d"), List.of(), Map.of("c", 2));
        assertTrue(search.next().isEmpty());
        assertEquals(StopReason.MEMORY_BUDGET, search.stopReason());
        assertEquals("c", search.best().orElseThrow().program());
    }

    @Test
    void fingerprintedSeenSetsDropRepeatsLikeExactOnes() {
        SeenPrograms<String> exact = SeenPrograms.exact();
        SeenPrograms<String> fingerprints = SeenPrograms.fingerprints(program -> Seeds.mix(program.hashCode(), 0));
        for (String program : List.of("a", "b", "a", "c", "b", "d")) {
            assertEquals(exact.add(program), fingerprints.add(program), program);
        }
        assertEquals(4, fingerprints.size());
    }

    @Test
    void deadlineReachedStopsBeforeTheNextRound() {
        AtomicLong now = new AtomicLong(1_000);
        Search<String> search = Search.create(new SearchSettings(Strategy.BEAM, 10, 1000, 5, 2, 2, 1),
                now::get, now.get());
        play(search, search.next().orElseThrow(), proposal(false, "a", "b"), List.of(), Map.of("a", 0, "b", 0));
        now.addAndGet(4_999_999);
        Round<String> last = search.next().orElseThrow(() -> new AssertionError("1 ns before the deadline"));
        play(search, last, proposal(false, "c"), List.of(), Map.of("c", 0));
        now.addAndGet(1);
        assertTrue(search.next().isEmpty());
        assertEquals(StopReason.DEADLINE, search.stopReason());
    }

    @Test
    void theEarliestAnswerOfARoundWinsWhateverTheRecordOrder() {
        Search<String> search = Search.create(settings(Strategy.BEAM, 10, 1000, 4));
        Round<String> round = search.next().orElseThrow();
        List<Admitted<String>> admitted = search.admit(round, proposal(false, "a", "b", "c", "d"), List.of());
        // Executors answer out of order: d, c (an answer), b (an answer), a.
        search.record(admitted.get(3), passing(3));
        search.record(admitted.get(2), passing(5));
        search.record(admitted.get(1), passing(5));
        search.record(admitted.get(0), passing(0));
        search.endRound();
        assertTrue(search.next().isEmpty());
        assertEquals(StopReason.FOUND, search.stopReason());
        assertEquals("b", search.solution().orElseThrow().program());
    }

    @Test
    void greedyExpandsOnlyTheLastRoundsBestAndRestartsWhenItBringsNothing() {
        Search<String> search = Search.create(settings(Strategy.GREEDY, 100, 1000, 3));
        play(search, search.next().orElseThrow(), proposal(false, "a", "b", "c"), List.of(),
                Map.of("a", 1, "b", 3, "c", 2));
        Round<String> second = search.next().orElseThrow();
        assertEquals("b", expanded(second));
        assertEquals(0, second.propose(), "greedy asks only the debugger");
        play(search, second, null, edits("d", "e"), Map.of("d", 1, "e", 0));

        // d passes fewer examples than c did, but greedy only looks at the last round.
        Round<String> third = search.next().orElseThrow();
        assertEquals("d", expanded(third));
        play(search, third, null, edits("a", "b", "zz"), Map.of());  // only repeats and an invalid program

        Round<String> restart = search.next().orElseThrow();
        assertTrue(restart.expand().isEmpty());
        assertEquals(3, restart.propose());
    }

    @Test
    void beamEndsWhenTheSynthesizerIsExhausted() {
        Search<String> search = Search.create(settings(Strategy.BEAM, 10, 1000, 2));
        play(search, search.next().orElseThrow(), proposal(false, "a", "b"), List.of(), Map.of("a", 0, "b", 0));
        Round<String> second = search.next().orElseThrow();
        assertTrue(second.expand().isEmpty());
        play(search, second, proposal(true, "c"), List.of(), Map.of("c", 1));
        assertTrue(search.next().isEmpty());
        assertEquals(StopReason.EXHAUSTED, search.stopReason());
        assertEquals("c", search.best().orElseThrow().program());
        assertFalse(search.solution().isPresent());
    }

    @Test
    void invalidProgramsAreCountedButNeverExpanded() {
        Search<String> search = Search.create(settings(Strategy.BEST_FIRST, 10, 1000, 2));
        play(search, search.next().orElseThrow(), proposal(true, "bad", "worse"), List.of(), Map.of());
        assertEquals(2, search.evaluated());
        assertTrue(search.next().isEmpty());
        assertEquals(StopReason.EXHAUSTED, search.stopReason());
        assertTrue(search.best().isEmpty());
    }

    @Test
    void stopFromOutsideKeepsItsReason() {
        Search<String> search = Search.create(settings(Strategy.BEAM, 10, 1000, 2));
        Round<String> round = search.next().orElseThrow();
        search.admit(round, proposal(false, "a", "b"), List.of());
        search.stop(StopReason.CANCELLED);
        assertTrue(search.next().isEmpty());
        assertEquals(StopReason.CANCELLED, search.stopReason());
        search.stop(StopReason.DEADLINE);
        assertEquals(StopReason.CANCELLED, search.stopReason());
    }

    @Test
    void protocolMisuseIsRejected() {
        Search<String> search = Search.create(settings(Strategy.BEAM, 10, 1000, 2));
        Round<String> round = search.next().orElseThrow();
        assertThrows(IllegalStateException.class, search::next);
        List<Admitted<String>> admitted = search.admit(round, proposal(false, "a"), List.of());
        assertThrows(IllegalStateException.class, search::endRound);
        search.record(admitted.get(0), passing(1));
        assertThrows(IllegalStateException.class, () -> search.record(admitted.get(0), passing(1)));
    }

    @Test
    void severalExpansionsPerRoundTakeTheBestOfEveryShardInOrder() {
        SearchSettings settings = new SearchSettings(Strategy.BEST_FIRST, 100, 1000, NEVER, 6, 4, 7, 2);
        Search<String> search = Search.create(settings, 3, System::nanoTime, System.nanoTime());
        playAll(search, search.next().orElseThrow(), proposal(true, "a", "b", "c", "d", "e", "f"), List.of(),
                Map.of("a", 1, "b", 3, "c", 2, "d", 3, "e", 4, "f", 0));
        Round<String> second = search.next().orElseThrow();
        assertEquals(List.of("e", "b"), second.expand().stream().map(x -> x.parent().program()).toList());
        assertEquals(List.of(0L, 1L), second.expand().stream().map(Expansion::index).toList());
        List<String> admitted = playAll(search, second, null, List.of(edits("x", "a"), edits("y", "x")),
                Map.of("x", 1, "y", 2));
        assertEquals(List.of("x", "y"), admitted, "edits in the round's order; a repeat across expansions dropped");
        assertEquals(2, search.expansions());
        // d (3 passed) first; then y and c both pass 2, and y has the better proposer score (0 against -2).
        assertEquals(List.of("d", "y"), search.next().orElseThrow().expand().stream()
                .map(x -> x.parent().program()).toList());
    }

    @Test
    void theNumberOfShardsChangesNothing() {
        List<String> reference = null;
        for (int shards : new int[] {1, 2, 5}) {
            SearchSettings settings = new SearchSettings(Strategy.BEST_FIRST, 100, 9, NEVER, 4, 3, 7, 2);
            Search<String> search = Search.create(settings, shards, System::nanoTime, System.nanoTime());
            List<String> trace = new ArrayList<>();
            Round<String> round;
            int n = 0;
            while ((round = search.next().orElse(null)) != null) {
                List<List<Candidate<String>>> edits = new ArrayList<>();
                for (Expansion<String> expansion : round.expand()) {
                    String parent = expansion.parent().program();
                    edits.add(edits(parent + "x", parent + "y", "p" + n));
                }
                Proposal<String> proposal = round.propose() > 0 ? proposal(false, "p" + n, "p" + (n + 1), "q" + n) : null;
                Map<String, Integer> passed = new HashMap<>();
                for (String p : List.of("p" + n, "p" + (n + 1), "q" + n)) {
                    passed.put(p, p.length() % 4);
                }
                round.expand().forEach(x -> {
                    passed.put(x.parent().program() + "x", 2);
                    passed.put(x.parent().program() + "y", 1);
                });
                trace.add(round.expand().stream().map(x -> x.parent().program()).toList() + " "
                        + playAll(search, round, proposal, edits, passed));
                n += 2;
            }
            trace.add(search.stopReason() + " " + search.evaluated() + " " + search.best().orElseThrow().program());
            assertEquals(StopReason.EVALUATION_BUDGET, search.stopReason());
            if (reference == null) {
                reference = trace;
            } else {
                assertEquals(reference, trace, shards + " shards");
            }
        }
    }
}
