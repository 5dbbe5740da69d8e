package lasso.runtime;

import com.typesafe.config.Config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * What a registry decides of a submission before the journal, without Akka: whether it refuses it
 * (checked in this order: the node is closing, the job is larger than the node takes
 * ({@link JobLimits}), the node or the client is at capacity ({@link Admission}), the job cannot be
 * read), the job's id, and how long the journal may take to confirm it.
 */
final class Submissions {

    record Refused(JobRegistry.Refusal refusal, String message) {
    }

    /** Beyond the journal's own write timeout, the time to place the job's entity and recover it. */
    private static final Duration ENTITY_START_MARGIN = Duration.ofSeconds(15);

    private final JobLimits limits;
    private final Admission admission;
    private final Duration journalTimeout;

    Submissions(Config config, Admission admission) {
        this.limits = JobLimits.from(config);
        this.admission = admission;
        this.journalTimeout = journalTimeout(config);
    }

    /** How long this registry waits for the journal to confirm a job. */
    Duration journalTimeout() {
        return journalTimeout;
    }

    Optional<Refused> refusal(JobSpec spec, String client, boolean closing) {
        if (closing) {
            return Optional.of(new Refused(JobRegistry.Refusal.CLOSING, "the server is shutting down"));
        }
        try {
            limits.check(spec);
        } catch (IllegalArgumentException e) {
            return Optional.of(new Refused(JobRegistry.Refusal.INVALID, e.getMessage()));
        }
        String capacity = admission.refusal(client);
        if (capacity != null) {
            return Optional.of(new Refused(JobRegistry.Refusal.CAPACITY, capacity));
        }
        try {
            JobCodec.decode(spec);
        } catch (IllegalArgumentException e) {
            return Optional.of(new Refused(JobRegistry.Refusal.INVALID, e.getMessage()));
        }
        return Optional.empty();
    }

    /** The id of a job: from the client's idempotency key when it gives one, else new. */
    static String jobId(String client, String key) {
        if (key == null || key.isEmpty()) {
            return UUID.randomUUID().toString();
        }
        return UUID.nameUUIDFromBytes(((client == null ? "" : client) + "\u0000" + key)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * How long an acceptance may take: longer than the journal's write timeout, so that a slow write
     * fails as the journal's error, not as an ask timing out while the write goes on.
     */
    static Duration journalTimeout(Config config) {
        String journal = config.getString("akka.persistence.journal.plugin");
        String callTimeout = journal + ".circuit-breaker.call-timeout";
        Duration write = config.hasPath(callTimeout) ? config.getDuration(callTimeout) : Duration.ofSeconds(10);
        return write.plus(ENTITY_START_MARGIN);
    }

    /** The refusal of a submission whose entity did not answer within the journal's timeout. */
    Refused unavailable() {
        return new Refused(JobRegistry.Refusal.UNAVAILABLE, "the job could not be journaled: its entity did not "
                + "answer within " + journalTimeout.toSeconds() + " s; try again (with the same idempotency key)");
    }
}
