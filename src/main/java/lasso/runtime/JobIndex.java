package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Receive;
import akka.persistence.jdbc.query.javadsl.JdbcReadJournal;
import akka.persistence.query.EventEnvelope;
import akka.persistence.query.Offset;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.query.Sequence;
import akka.persistence.typed.PersistenceId;
import akka.stream.javadsl.Sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The jobs of the whole cluster in the order they were submitted, for ListJobs. Every API node shares
 * the journal, and a job's entity tags its {@link JobEntity.Submitted}, {@link JobEntity.Started}
 * and {@link JobEntity.Ended} events ({@link #TAG}), so the journal's events by tag list the jobs
 * accepted by any API node, and those taken over after their node was lost, in one order (the
 * journal's). Each listing first reads the tagged events written since the previous one
 * (akka-persistence-jdbc's {@code currentEventsByTag}: nothing runs between listings); the index keeps
 * the id and state of the newest {@code lasso.jobs.listed} jobs, about 100 bytes each.
 */
final class JobIndex extends AbstractBehavior<JobIndex.Command> {

    static final String TAG = "lasso-job";

    interface Command {
    }

    /**
     * The ids of at most {@code limit} jobs submitted before the one numbered {@code before}
     * (exclusive), newest first, in one of {@code states} (all when empty) as far as the journal said
     * when it was last read.
     */
    record Find(int limit, long before, Set<JobState> states, ActorRef<Found> replyTo)
            implements Command, NoSerializationVerificationNeeded {
    }

    /** {@code next} is the {@code before} of the next page, or -1 on the last one; {@code failure} when the journal could not be read. */
    record Found(List<String> jobIds, long next, Throwable failure) implements NoSerializationVerificationNeeded {
    }

    /** A job's state as of one tagged event. */
    private record Change(long offset, String jobId, JobState state) {
    }

    private record Read(List<Change> changes, Throwable failure) implements Command, NoSerializationVerificationNeeded {
    }

    private record Entry(String jobId, JobState state) {
    }

    /** Made at the first listing: the read journal polls the database from then on. */
    private JdbcReadJournal journal;
    private final int capacity;
    private final NavigableMap<Long, Entry> bySubmission = new TreeMap<>();
    private final Map<String, Long> submission = new HashMap<>();
    private final List<Find> waiting = new ArrayList<>();
    private long readUpTo;
    private boolean reading;

    static Behavior<Command> create() {
        return Behaviors.setup(JobIndex::new);
    }

    private JobIndex(ActorContext<Command> context) {
        super(context);
        this.capacity = context.getSystem().settings().config().getInt("lasso.jobs.listed");
        if (capacity < 1) {
            throw new IllegalArgumentException("lasso.jobs.listed: must be at least 1, got " + capacity);
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Find.class, this::onFind)
                .onMessage(Read.class, this::onRead)
                .build();
    }

    private Behavior<Command> onFind(Find find) {
        waiting.add(find);
        if (!reading) {
            reading = true;
            if (journal == null) {
                journal = PersistenceQuery.get(Adapter.toClassic(getContext().getSystem()))
                        .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
            }
            // Whoever asks while a read runs waits for the next one, which sees what they may have just submitted.
            getContext().pipeToSelf(journal.currentEventsByTag(TAG, Offset.sequence(readUpTo))
                            .map(JobIndex::change)
                            .runWith(Sink.seq(), getContext().getSystem()),
                    (changes, failure) -> new Read(changes, failure));
        }
        return this;
    }

    private static Change change(EventEnvelope envelope) {
        long offset = ((Sequence) envelope.offset()).value();
        String jobId = PersistenceId.extractEntityId(envelope.persistenceId());
        Object event = envelope.event();
        JobState state = null;
        if (event instanceof JobEntity.Submitted) {
            state = JobState.QUEUED;
        } else if (event instanceof JobEntity.Started) {
            state = JobState.RUNNING;
        } else if (event instanceof JobEntity.Ended ended) {
            state = ended.result().state();
        }
        return new Change(offset, jobId, state);
    }

    private Behavior<Command> onRead(Read read) {
        reading = false;
        List<Find> answering = List.copyOf(waiting);
        waiting.clear();
        if (read.failure() != null) {
            getContext().getLog().warn("the journal's jobs could not be read", read.failure());
            answering.forEach(find -> find.replyTo().tell(new Found(List.of(), -1, read.failure())));
            return this;
        }
        read.changes().forEach(this::apply);
        answering.forEach(this::answer);
        return this;
    }

    private void apply(Change change) {
        readUpTo = Math.max(readUpTo, change.offset());
        if (change.state() == JobState.QUEUED) {
            if (!submission.containsKey(change.jobId())) {
                submission.put(change.jobId(), change.offset());
                bySubmission.put(change.offset(), new Entry(change.jobId(), JobState.QUEUED));
                if (bySubmission.size() > capacity) {
                    submission.remove(bySubmission.pollFirstEntry().getValue().jobId());
                }
            }
        } else if (change.state() != null) {
            Long number = submission.get(change.jobId());
            if (number != null) {
                bySubmission.put(number, new Entry(change.jobId(), change.state()));
            }
        }
    }

    private void answer(Find find) {
        List<String> page = new ArrayList<>();
        long next = -1;
        for (Map.Entry<Long, Entry> job : bySubmission.headMap(find.before(), false).descendingMap().entrySet()) {
            if (!find.states().isEmpty() && !find.states().contains(job.getValue().state())) {
                continue;
            }
            if (page.size() == find.limit()) {
                next = job.getKey() + 1;
                break;
            }
            page.add(job.getValue().jobId());
        }
        find.replyTo().tell(new Found(page, next, null));
    }
}
