package lasso.runtime;

import lasso.runtime.JobEntity.Ended;
import lasso.runtime.JobEntity.Event;
import lasso.runtime.JobEntity.Progress;
import lasso.runtime.JobEntity.Record;
import lasso.runtime.JobEntity.Started;
import lasso.runtime.JobEntity.Status;
import lasso.runtime.JobEntity.Submitted;
import lasso.search.StopReason;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One job's bookkeeping, without Akka: how each journaled event changes what the journal says of
 * the job ({@link Record}), which event a command journals (none when it does not apply to the job
 * as it is), and what a caller sees of a running job: the coordinator's latest snapshot, journaled
 * only when its best program changes or every {@code journalProgressEvery}.
 */
final class JobLedger {

    /** Attempts a job may lose to lost nodes before it fails. */
    static final int MAX_ATTEMPTS = 10;

    private final String jobId;
    private final Duration journalProgressEvery;
    /** The coordinator's latest snapshot of the attempt running now (null before its first). */
    private JobResult latest;
    private long progressJournaledNanos;

    JobLedger(String jobId, Duration journalProgressEvery) {
        this.jobId = jobId;
        this.journalProgressEvery = journalProgressEvery;
    }

    /** The job's record after {@code event}: the entity's event handler, also on recovery. */
    Record apply(Record record, Event event) {
        if (event instanceof Submitted e) {
            return new Record(Status.QUEUED, e.spec(), e.client(), e.registry(), e.submittedMillis(), 0,
                    JobResult.queued(jobId, e.spec()));
        }
        if (event instanceof Started e) {
            return new Record(Status.RUNNING, record.spec(), record.client(), record.registry(),
                    record.submittedMillis(), e.attempt(), record.snapshot().running());
        }
        if (event instanceof Progress e) {
            return new Record(record.status(), record.spec(), record.client(), record.registry(),
                    record.submittedMillis(), record.attempts(), e.snapshot());
        }
        if (event instanceof Ended e) {
            return new Record(Status.ENDED, record.spec(), record.client(), record.registry(),
                    record.submittedMillis(), record.attempts(), e.result());
        }
        throw new IllegalArgumentException("not an event of a job: " + event);
    }

    /**
     * A new job's events: its submission at {@code nowMillis} (its deadline counts from there), and its
     * first attempt when {@code start}. None for a job that exists already (a resubmission).
     */
    List<Event> accept(Record record, JobEntity.Accept accept, String registry, long nowMillis) {
        if (record.status() != Status.NEW) {
            return List.of();
        }
        List<Event> events = new ArrayList<>(List.of(new Submitted(accept.spec(), accept.client(), registry, nowMillis)));
        if (accept.start()) {
            events.add(new Started(1, ""));
        }
        return events;
    }

    /**
     * The answer to an Accept for a job that exists: while it lives, the registry that admitted it
     * holds it again (its first answer may have been lost, a shard's hand-off dropping the Accept's
     * reply or the Accept itself after the job was journaled); no other registry does.
     */
    JobEntity.Accepted acceptedAgain(Record record, String registry) {
        boolean live = record.status() == Status.QUEUED || record.status() == Status.RUNNING;
        return new JobEntity.Accepted(jobId, false, live && registry.equals(record.registry()),
                record.status() == Status.RUNNING);
    }

    /** A queued job's first attempt, once a slot is free. */
    Optional<Event> start(Record record) {
        return record.status() == Status.QUEUED ? Optional.of(new Started(record.attempts() + 1, ""))
                : Optional.empty();
    }

    /**
     * Keeps a running job's snapshot for callers, and journals it when its best program changed or
     * the last one journaled is older than the interval: a restarted job then shows what it had found.
     */
    Optional<Event> progressed(Record record, JobResult snapshot, long nowNanos) {
        if (record.status() != Status.RUNNING) {
            return Optional.empty();
        }
        latest = snapshot;
        JobResult journaled = record.snapshot();
        boolean better = journaled == null || !journaled.tokens().equals(snapshot.tokens());
        if (better || nowNanos - progressJournaledNanos > journalProgressEvery.toNanos()) {
            progressJournaledNanos = nowNanos;
            return Optional.of(new Progress(snapshot));
        }
        return Optional.empty();
    }

    /**
     * A running job whose attempt was lost runs again, from the start, with its seed and settings;
     * after {@link #MAX_ATTEMPTS} it fails instead.
     */
    Optional<Event> rerun(Record record, String reason, long nowMillis) {
        if (record.status() != Status.RUNNING) {
            return Optional.empty();
        }
        if (record.attempts() >= MAX_ATTEMPTS) {
            return Optional.of(new Ended(JobResult.ended(jobId, record.spec(), JobState.FAILED, StopReason.ERROR,
                    millisSince(record, nowMillis), "the job was lost " + record.attempts() + " times: " + reason)));
        }
        return Optional.of(new Started(record.attempts() + 1, reason));
    }

    /** The end of a job still queued (cancelled, or its deadline passed), without a search. */
    Optional<Ended> endQueued(Record record, JobState state, StopReason reason, String message, long nowMillis) {
        if (record.status() != Status.QUEUED) {
            return Optional.empty();
        }
        return Optional.of(new Ended(JobResult.ended(jobId, record.spec(), state, reason,
                millisSince(record, nowMillis), message)));
    }

    /** The job's end with {@code result}, unless it ended already or was never submitted. */
    Optional<Ended> end(Record record, JobResult result) {
        return live(record) ? Optional.of(new Ended(result)) : Optional.empty();
    }

    /** A new attempt runs: its coordinator's snapshots replace the journal's. */
    void attemptStarted() {
        latest = null;
    }

    /** What a caller sees: the latest snapshot of a running job, else the journal's; null for an unknown job. */
    JobResult shown(Record record) {
        if (record.status() == Status.NEW) {
            return null;
        }
        return record.status() == Status.RUNNING && latest != null ? latest : record.snapshot();
    }

    /** Queued or running: such a job stays in memory. */
    static boolean live(Record record) {
        return record.status() == Status.QUEUED || record.status() == Status.RUNNING;
    }

    /**
     * How long a job that is not live stays in memory after a call: {@code retain} once ended, a
     * moment for an unknown one (a lookup of a wrong id).
     */
    static Duration idleAfter(Record record, Duration retain) {
        return record.status() == Status.NEW ? Duration.ofSeconds(1) : retain;
    }

    static long millisSince(Record record, long nowMillis) {
        return Math.max(0, nowMillis - record.submittedMillis());
    }
}
