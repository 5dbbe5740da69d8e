package lasso.runtime;

import com.typesafe.config.ConfigFactory;
import lasso.search.Strategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Why a registry refuses a submission, before anything is journaled. */
class SubmissionsTest {

    @Test
    void aSubmissionIsRefusedForTheFirstReasonThatHolds() {
        Admission admission = new Admission(new Admission.Quotas(1, 0, 1, 0));
        Submissions submissions = new Submissions(ConfigFactory.load(), admission);
        JobSpec spec = KarelTasks.spec(KarelTasks.task(1, 4, 12), KarelTasks.settings(Strategy.BEST_FIRST, 1000, 60_000));
        assertTrue(submissions.refusal(spec, "alice", false).isEmpty());
        assertEquals(JobRegistry.Refusal.CLOSING, submissions.refusal(spec, "alice", true).orElseThrow().refusal());
        admission.started("alice");
        assertEquals(JobRegistry.Refusal.CAPACITY, submissions.refusal(spec, "alice", false).orElseThrow().refusal());
        assertEquals(JobRegistry.Refusal.CLOSING, submissions.refusal(spec, "alice", true).orElseThrow().refusal());
        assertTrue(submissions.unavailable().message().contains(submissions.journalTimeout().toSeconds() + " s"));
    }
}
