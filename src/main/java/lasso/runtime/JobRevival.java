package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/**
 * A safety net for the jobs of an API node that left the cluster: when one is removed (it left, or
 * was unreachable and downed), the oldest API node left lists the live jobs of the journal
 * ({@link JobIndex}: queued or running as far as it says) and sends each job's entity a
 * {@link JobEntity.Get}, again every {@link JobEntity#SEND_AGAIN_AFTER} until it answers ({@link JobDelivery}), a few
 * hundred jobs at a time (and lists them again once, that period later). A Get starts an entity
 * that is not in memory, which recovers from the journal and runs its job again; without it, a
 * remembered entity that Cluster Sharding did not start again after its shard moved would wait for
 * a caller that may never come (Akka 2.8.6's DDataShardCoordinator drops the remembered shards that
 * reach a new coordinator while it waits for its state). A Get to a running job costs one answer.
 */
final class JobRevival extends AbstractBehavior<JobRevival.Command> {

    interface Command {
    }

    /** Wake the live jobs of the journal (sent by this actor when an API node left). */
    record WakeLiveJobs() implements Command, NoSerializationVerificationNeeded {
    }

    private record MemberLeft(ClusterEvent.MemberRemoved removed) implements Command, NoSerializationVerificationNeeded {
    }

    private record LiveJobs(JobIndex.Found found) implements Command, NoSerializationVerificationNeeded {
    }

    private record Answered(String jobId, boolean answered) implements Command, NoSerializationVerificationNeeded {
    }

    /** How long one job's Get is sent again before the job is left to its next caller (20 tries). */
    static final Duration ASK_FOR = JobEntity.SEND_AGAIN_AFTER.multipliedBy(20);

    /** Jobs asked at once: a cluster with many live jobs wakes them in waves, not all in one burst. */
    static final int MAX_ASKING = 256;

    private final ActorRef<JobIndex.Command> index;
    private final Function<String, EntityRef<JobEntity.Command>> jobs;
    private final int maxAsking;
    /** The jobs asked and not answered yet. */
    private final Set<String> asking = new HashSet<>();
    /** The jobs to ask once fewer are asked at once; a set, as a second listing names the same jobs. */
    private final Set<String> waiting = new LinkedHashSet<>();

    static Behavior<Command> create(ActorRef<JobIndex.Command> index) {
        return Behaviors.setup(context -> new JobRevival(context, index,
                id -> ClusterSharding.get(context.getSystem()).entityRefFor(JobEntity.TYPE_KEY, id), MAX_ASKING));
    }

    /**
     * @param jobs      a job's entity by id (a test puts a probe there)
     * @param maxAsking jobs asked at once
     */
    static Behavior<Command> create(ActorRef<JobIndex.Command> index, Function<String, EntityRef<JobEntity.Command>> jobs,
                                    int maxAsking) {
        return Behaviors.setup(context -> new JobRevival(context, index, jobs, maxAsking));
    }

    private JobRevival(ActorContext<Command> context, ActorRef<JobIndex.Command> index,
                       Function<String, EntityRef<JobEntity.Command>> jobs, int maxAsking) {
        super(context);
        this.index = index;
        this.jobs = jobs;
        this.maxAsking = maxAsking;
        Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
                context.messageAdapter(ClusterEvent.MemberRemoved.class, MemberLeft::new), ClusterEvent.MemberRemoved.class));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(MemberLeft.class, this::onMemberLeft)
                .onMessage(WakeLiveJobs.class, this::onWakeLiveJobs)
                .onMessage(LiveJobs.class, this::onLiveJobs)
                .onMessage(Answered.class, this::onAnswered)
                .build();
    }

    private Behavior<Command> onMemberLeft(MemberLeft left) {
        if (left.removed().member().hasRole(Node.API) && oldestApiNode()) {
            getContext().getLog().info("API node {} left: waking the live jobs of the journal",
                    left.removed().member().address());
            getContext().getSelf().tell(new WakeLiveJobs());
            // Again: a job submitted just before may not have been readable from the journal yet.
            getContext().scheduleOnce(JobEntity.SEND_AGAIN_AFTER, getContext().getSelf(), new WakeLiveJobs());
        }
        return this;
    }

    private Behavior<Command> onWakeLiveJobs(WakeLiveJobs wake) {
        getContext().ask(JobIndex.Found.class, index, JobEntity.SEND_AGAIN_AFTER.multipliedBy(10),
                replyTo -> new JobIndex.Find(Integer.MAX_VALUE, Long.MAX_VALUE, EnumSet.of(JobState.QUEUED, JobState.RUNNING),
                        replyTo),
                (found, failure) -> new LiveJobs(found != null ? found : new JobIndex.Found(List.of(), -1, failure)));
        return this;
    }

    /** Whether this node is the oldest API node that is up: one node of the cluster sends the Gets. */
    private boolean oldestApiNode() {
        Cluster cluster = Cluster.get(getContext().getSystem());
        Optional<Member> oldest = StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                .filter(member -> member.hasRole(Node.API) && member.status() == MemberStatus.up())
                .reduce((a, b) -> a.isOlderThan(b) ? a : b);
        return oldest.map(member -> member.equals(cluster.selfMember())).orElse(false);
    }

    private Behavior<Command> onLiveJobs(LiveJobs live) {
        if (live.found().failure() != null) {
            getContext().getLog().warn("the journal's live jobs could not be read; they wait for their callers",
                    live.found().failure());
            return this;
        }
        live.found().jobIds().stream().filter(id -> !asking.contains(id)).forEach(waiting::add);
        askWaiting();
        return this;
    }

    private void askWaiting() {
        for (Iterator<String> next = waiting.iterator(); next.hasNext() && asking.size() < maxAsking; ) {
            String id = next.next();
            next.remove();
            asking.add(id);
            ActorRef<Command> self = getContext().getSelf();
            getContext().spawnAnonymous(JobDelivery.create(jobs.apply(id), JobEntity.Lookup.class, JobEntity.Get::new,
                    ASK_FOR, lookup -> self.tell(new Answered(id, lookup.isPresent()))));
        }
    }

    private Behavior<Command> onAnswered(Answered answered) {
        if (!answered.answered()) {
            getContext().getLog().warn("job {} did not answer within {}; it waits for its next caller", answered.jobId(), ASK_FOR);
        }
        asking.remove(answered.jobId());
        askWaiting();
        return this;
    }
}
