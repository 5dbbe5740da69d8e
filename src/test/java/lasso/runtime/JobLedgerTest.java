package lasso.runtime;

import lasso.runtime.JobEntity.Ended;
import lasso.runtime.JobEntity.Event;
import lasso.runtime.JobEntity.Progress;
import lasso.runtime.JobEntity.Record;
import lasso.runtime.JobEntity.Started;
import lasso.runtime.JobEntity.Status;
import lasso.search.StopReason;
import lasso.search.Strategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job's bookkeeping without an actor system: what each command journals for the job as it is,
 * how the events rebuild its record, and which snapshot callers see.
 */
class JobLedgerTest {

    private static final JobSpec SPEC = KarelTasks.spec(KarelTasks.task(1, 4, 12),
            KarelTasks.settings(Strategy.BEST_FIRST, 20_000, 600_000));

    private final JobLedger ledger = new JobLedger("job-1", Duration.ofSeconds(5));

    private Record replay(Record record, List<Event> events) {
        for (Event event : events) {
            record = ledger.apply(record, event);
        }
        return record;
    }

    private Record running() {
        return replay(Record.empty(), ledger.accept(Record.empty(),
                new JobEntity.Accept(SPEC, "alice", true, null, null), "registry", 1_000));
    }

    private static JobResult snapshot(String program, long evaluated) {
        return new JobResult("job-1", "task", JobState.RUNNING, null, Strategy.BEST_FIRST, List.of(program), program,
                1, 5, 0, 0, 0, evaluated, evaluated, evaluated, 1, 10, "");
    }

    @Test
    void aJobIsSubmittedOnceAndStartsFromTheQueueOnce() {
        JobEntity.Accept queue = new JobEntity.Accept(SPEC, "alice", false, null, null);
        Record queued = replay(Record.empty(), ledger.accept(Record.empty(), queue, "registry", 1_000));
        assertEquals(Status.QUEUED, queued.status());
        assertEquals(1_000, queued.submittedMillis());
        assertEquals(JobState.QUEUED, ledger.shown(queued).state());
        assertEquals(List.of(), ledger.accept(queued, queue, "registry", 2_000), "a resubmission journals nothing");
        assertEquals(new JobEntity.Accepted("job-1", false, true, false), ledger.acceptedAgain(queued, "registry"),
                "the registry that admitted a live job holds it again");
        assertEquals(new JobEntity.Accepted("job-1", false, false, false), ledger.acceptedAgain(queued, "another"));

        Record started = replay(queued, List.of(ledger.start(queued).orElseThrow()));
        assertEquals(Status.RUNNING, started.status());
        assertEquals(1, started.attempts());
        assertEquals(JobState.RUNNING, ledger.shown(started).state());
        assertEquals(Optional.empty(), ledger.start(started), "a running job does not start again");
        assertEquals(new JobEntity.Accepted("job-1", false, true, true), ledger.acceptedAgain(started, "registry"));
        assertEquals(Optional.empty(), ledger.endQueued(started, JobState.CANCELLED, StopReason.CANCELLED, "", 0));
        assertNull(ledger.shown(Record.empty()), "an unknown job shows nothing");
    }

    @Test
    void progressIsJournaledWhenTheBestProgramChangesOrAfterTheInterval() {
        Record record = running();
        long now = 1_000_000_000L;
        JobResult first = snapshot("move", 10);
        Optional<Event> journaled = ledger.progressed(record, first, now);
        assertTrue(journaled.orElseThrow() instanceof Progress, "a new best program is journaled");
        record = ledger.apply(record, journaled.get());

        JobResult same = snapshot("move", 20);
        assertEquals(Optional.empty(), ledger.progressed(record, same, now + 1_000_000));
        assertSame(same, ledger.shown(record), "callers see the latest snapshot, journaled or not");
        assertTrue(ledger.progressed(record, snapshot("move", 30), now + Duration.ofSeconds(6).toNanos()).isPresent(),
                "journaled again after the interval");
        assertTrue(ledger.progressed(record, snapshot("turnLeft", 31), now + Duration.ofSeconds(6).toNanos() + 1)
                .isPresent(), "and whenever the best program changes");

        ledger.attemptStarted();
        assertEquals(record.snapshot(), ledger.shown(record), "a new attempt shows the journal's until it reports");
    }

    @Test
    void aLostAttemptRunsAgainUntilTheJobHasLostTooMany() {
        Record record = running();
        for (int attempt = 1; attempt < JobLedger.MAX_ATTEMPTS; attempt++) {
            Started again = (Started) ledger.rerun(record, "a node left", 2_000).orElseThrow();
            assertEquals(attempt + 1, again.attempt());
            record = ledger.apply(record, again);
        }
        Ended failed = (Ended) ledger.rerun(record, "a node left", 5_000).orElseThrow();
        assertEquals(JobState.FAILED, failed.result().state());
        assertEquals(4_000, failed.result().millis(), "counted from the submission");
        assertTrue(failed.result().message().contains("lost 10 times: a node left"), failed.result().message());
        record = ledger.apply(record, failed);
        assertEquals(Status.ENDED, record.status());
        assertEquals(Optional.empty(), ledger.rerun(record, "a node left", 6_000), "an ended job stays ended");
        assertEquals(Optional.empty(), ledger.end(record, failed.result()));
        assertEquals(new JobEntity.Accepted("job-1", false, false, false), ledger.acceptedAgain(record, "registry"),
                "an ended job is no registry's to hold");
    }
}
