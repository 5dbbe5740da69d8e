package lasso.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a registry's close stands: who is answered when, and which jobs it holds and cancels. */
class RegistryCloseTest {

    @Test
    void aCloseIsAnsweredOnceNothingIsHeldWithTheJobsItCancelled() {
        RegistryClose<String> close = new RegistryClose<>();
        assertTrue(close.holdsNewJobs());
        assertFalse(close.cancelsAccepted(), "not closing: a new job runs");
        assertEquals(List.of(), close.answerable(true), "nobody asked");

        close.close(true, "first");
        close.cancelled(2);
        assertTrue(close.closing());
        assertTrue(close.holdsNewJobs(), "a job accepted while cancelling is held until its end");
        assertTrue(close.cancelsAccepted());
        assertEquals(List.of(), close.answerable(false), "jobs are still held");
        close.close(true, "second");
        assertEquals(List.of("first", "second"), close.answerable(true));
        assertEquals(3, close.cancelled());
        assertEquals(List.of(), close.answerable(true), "each is answered once");
    }

    @Test
    void aCloseThatHandsOverHoldsNoNewJob() {
        RegistryClose<String> close = new RegistryClose<>();
        close.close(false, "waiter");
        assertFalse(close.holdsNewJobs(), "it goes on in the cluster");
        assertFalse(close.cancelsAccepted());
        assertEquals(0, close.cancelled());
    }
}
