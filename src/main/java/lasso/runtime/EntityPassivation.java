package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;

import java.time.Duration;

/**
 * When a job's entity leaves memory: a while after its last call once the job is not live (its
 * journal stays; the next call recovers it), never while it runs.
 */
final class EntityPassivation {

    /** The entity has been idle long enough: it leaves memory. */
    record Idle() implements JobEntity.Command, NoSerializationVerificationNeeded {
    }

    private final ActorContext<JobEntity.Command> context;
    private final TimerScheduler<JobEntity.Command> timers;
    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private final Duration retain;

    EntityPassivation(ActorContext<JobEntity.Command> context, TimerScheduler<JobEntity.Command> timers,
                      ActorRef<ClusterSharding.ShardCommand> shard, Duration retain) {
        this.context = context;
        this.timers = timers;
        this.shard = shard;
        this.retain = retain;
    }

    /** After a call: a job that is not live leaves memory after a while without calls. */
    void called(JobEntity.Record record) {
        if (!JobLedger.live(record)) {
            timers.startSingleTimer(Idle.class, new Idle(), JobLedger.idleAfter(record, retain));
        }
    }

    /** The job runs: it stays. */
    void running() {
        timers.cancel(Idle.class);
    }

    void idle() {
        shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }
}
