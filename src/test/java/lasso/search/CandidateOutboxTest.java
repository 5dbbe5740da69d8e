package lasso.search;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routings held for other nodes go in one parcel per node, each routing its own part, so that the
 * receiving shards count every routing and dedup exactly as if each had come alone.
 */
class CandidateOutboxTest {

    /** A program "k:name" is owned by shard k. */
    private static int owner(String program) {
        return Integer.parseInt(program.substring(0, program.indexOf(':')));
    }

    private static List<List<Candidate<String>>> routing(String... programs) {
        List<List<Candidate<String>>> byOwner = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byOwner.add(new ArrayList<>());
        }
        for (String program : programs) {
            byOwner.get(owner(program)).add(new Candidate<>(program, -1.0));
        }
        return byOwner;
    }

    @Test
    void routingsForTheShardsOfOneNodeGoInOneParcelAndAreDedupedAsIfTheyCameAlone() {
        int[] nodeOf = CandidateOutbox.numbered(List.of("a", "b", "a", "b"));
        assertArrayEquals(new int[] {0, 1, 0, 1}, nodeOf);
        CandidateOutbox<String> outbox = new CandidateOutbox<>(nodeOf);
        // Two expansions' edits: the second repeats a program of the first for shard 1.
        outbox.add(routing("1:x", "3:y", "0:z"));
        outbox.add(routing("1:x", "1:w", "2:v"));
        assertTrue(outbox.holdsBeyond(0));
        assertEquals(List.of(0, 2), outbox.take(0).parts().stream().map(CandidateOutbox.Part::shard).toList());
        assertFalse(outbox.holdsBeyond(1));

        CandidateOutbox.Parcel<String> parcel = outbox.take(1);
        assertEquals(1, parcel.node());
        assertEquals(List.of(1, 3, 1), parcel.parts().stream().map(CandidateOutbox.Part::shard).toList());
        assertNull(outbox.take(1));
        assertTrue(outbox.takeAll().isEmpty());

        // The receiving shards take their parts one by one: each routing counted, the repeat dropped.
        AsyncShard<String> one = new AsyncShard<>(1, 4, 1, 0, CandidateOutboxTest::owner);
        AsyncShard<String> three = new AsyncShard<>(3, 4, 1, 0, CandidateOutboxTest::owner);
        for (CandidateOutbox.Part<String> part : parcel.parts()) {
            (part.shard() == 1 ? one : three).receive(part.candidates(), true);
        }
        one.granted(10, 0);
        assertEquals(List.of("1:x", "1:w"), one.toEvaluate().stream().map(Admitted::program).toList());
        ShardStatus<String> status = one.status();
        assertEquals(2, status.received());
        assertEquals(3, status.proposed());
        assertEquals(1, three.status().received());
    }

    @Test
    void routingsOfTheWrongShapeAreRefused() {
        CandidateOutbox<String> outbox = new CandidateOutbox<>(new int[] {0, 0});
        assertThrows(IllegalArgumentException.class, () -> outbox.add(routing("1:x")));
        assertThrows(IllegalArgumentException.class, () -> new CandidateOutbox<String>(new int[] {0, -1}));
    }
}
