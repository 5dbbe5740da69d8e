package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import lasso.search.Admitted;
import lasso.search.Evaluated;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.List;

/**
 * What a frontier shard entity (either kind: {@link FrontierShardEntity}, {@link AsyncShardEntity})
 * has going on its cluster's workers for its job: its candidates' evaluations in batches on executors
 * ({@link ExecutorBatches}) and its expansions, traced on an executor and edited by a debugger
 * ({@link ShardExpansions}), with the workers listed and a periodic check for what must be asked
 * again. The answers and listings come to the entity as {@link Heard} messages, which it hands here.
 * {@code T} is what the entity tags an expansion with.
 */
final class ShardWorkers<T> {

    /** What the workers tell a shard entity, and its timer; local messages of both kinds of shard. */
    interface Heard extends FrontierShardEntity.Command, AsyncShardEntity.Command, NoSerializationVerificationNeeded {
    }

    record Listed(Receptionist.Listing listing) implements Heard {
    }

    record Results(Executor.Results results) implements Heard {
    }

    record Traced(Executor.Traced traced) implements Heard {
    }

    record Edited(Debugger.Edited edited) implements Heard {
    }

    /** Time to ask again what a worker that left, or stays silent, was asked. */
    record CheckTimeouts() implements Heard {
    }

    private final ExecutorBatches batches;
    private final ShardExpansions<T> expansions;
    private final Logger log;
    private final String name;
    private final Duration requestTimeout;
    private JobSpec spec;

    /**
     * Subscribes the entity to the workers' listings and starts its check for late answers.
     *
     * @param name what the entity's log calls it
     */
    ShardWorkers(ActorContext<? super Heard> context, TimerScheduler<? super Heard> timers, String jobId,
                 RuntimeSettings settings, String name) {
        this.log = context.getLog();
        this.name = name;
        this.requestTimeout = settings.requestTimeout();
        this.batches = new ExecutorBatches(jobId, settings, context.messageAdapter(Executor.Results.class, Results::new));
        this.expansions = new ShardExpansions<>(context.getSystem(), jobId, settings, batches,
                context.messageAdapter(Executor.Traced.class, Traced::new),
                context.messageAdapter(Debugger.Edited.class, Edited::new));
        ShardExpansions.subscribeToWorkers(context.getSystem(), context.messageAdapter(Receptionist.Listing.class, Listed::new));
        timers.startTimerWithFixedDelay(new CheckTimeouts(), settings.checkInterval());
    }

    /** The job the entity opened: what its workers are asked about. */
    void open(JobSpec spec) {
        this.spec = spec;
    }

    /** Whether a job is open. */
    boolean opened() {
        return spec != null;
    }

    /** Candidates for evaluation: queued in batches, sent to executors as their credit allows. */
    void evaluate(List<Admitted<Program>> candidates) {
        batches.enqueue(candidates);
        batches.dispatch(spec);
    }

    /** Sends waiting batches to executors with credit left. */
    void dispatch() {
        batches.dispatch(spec);
    }

    /** Programs sent to executors since the last call (a batch sent again counted again). */
    long takeSent() {
        return batches.takeSent();
    }

    /** Drops the batches not yet sent (the job ended); how many programs they held. */
    int dropWaiting() {
        return batches.dropWaiting();
    }

    /** The batch an executor's answer is for, or null when it was answered already. */
    ExecutorBatches.Answered answered(Results results) {
        return batches.answered(results.results());
    }

    /** Expands {@code parent}, the job's expansion {@code index} (the debugger's seed). */
    void expand(T tag, Evaluated<Program> parent, long index) {
        expansions.start(spec, tag, parent, index);
    }

    /** An expansion's traces: on to a debugger; the executor's error, else null. */
    String traced(Traced traced) {
        return spec == null ? null : expansions.traced(spec, traced.traced());
    }

    /** An expansion's edits, or null when it is not (or no longer) in progress. */
    ShardExpansions.Done<T> edited(Edited edited) {
        return expansions.edited(edited.edited());
    }

    /** The executors or debuggers listed now; whether they are executors. */
    boolean listed(Listed listed) {
        expansions.listed(listed.listing());
        return listed.listing().isForKey(Executor.SERVICE_KEY);
    }

    /**
     * Asks again what was asked of a worker that left or stays silent for the request timeout (late
     * batches back in the queue, to dispatch); whether any batch was late. Nothing before a job opens.
     */
    boolean askAgainLate() {
        if (spec != null && expansions.askAgainLate(spec, System.nanoTime())) {
            log.warn("{}: batches unanswered for {}, sending them again", name, requestTimeout);
            return true;
        }
        return false;
    }
}
