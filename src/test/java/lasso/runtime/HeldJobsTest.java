package lasso.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A registry's bookkeeping: slots reserved while journaling, jobs held once, ends that overtake acceptances. */
class HeldJobsTest {

    private final HeldJobs held = new HeldJobs(new Admission(new Admission.Quotas(1, 2, 1, 2)));

    @Test
    void aJobIsHeldOnceAndItsSlotFollowsWhatTheEntitySays() {
        assertTrue(held.reserve("alice"), "a free slot: the job may run at once");
        assertTrue(held.settle("a", "alice", true, true, true));
        assertTrue(held.isRunning("a"));

        assertFalse(held.reserve("alice"), "the slot is taken: queued");
        // The same job again (its Accept sent again): not counted twice.
        assertFalse(held.settle("a", "alice", false, true, true));
        assertEquals(1, held.admission().running());
        assertEquals(0, held.admission().queued());

        // A job another registry admitted is not held; one the entity says is queued is queued.
        assertFalse(held.reserve("bob"));
        assertFalse(held.settle("b", "bob", false, false, false));
        assertFalse(held.reserve("bob"));
        assertTrue(held.settle("c", "bob", false, true, false));
        assertTrue(held.isQueued("c"));
        assertEquals(List.of(), held.startQueued(), "no free slot");

        assertFalse(held.ended("a"), "a running job ended");
        assertEquals(List.of("c"), held.startQueued());
        assertTrue(held.isRunning("c"));
        assertFalse(held.ended("c"));
        assertTrue(held.isEmpty());
        assertEquals(0, held.admission().running());
    }

    @Test
    void anEndThatOvertakesTheAcceptanceFreesTheSlot() {
        assertTrue(held.reserve("alice"));
        assertFalse(held.ended("fast"), "not held yet: remembered while journaling");
        assertFalse(held.settle("fast", "alice", true, true, true), "it ended already");
        assertTrue(held.isEmpty());
        assertTrue(held.admission().mayStart("alice"));
    }

    @Test
    void handingOverLetsEveryJobGo() {
        held.reserve("alice");
        held.settle("a", "alice", true, true, true);
        held.reserve("bob");
        held.settle("b", "bob", false, true, false);
        assertEquals(List.of("b", "a"), held.all());
        assertEquals(List.of("b"), held.releaseAll());
        assertTrue(held.isEmpty());
        assertEquals(0, held.admission().running());
        assertEquals(0, held.admission().queued());
    }
}
