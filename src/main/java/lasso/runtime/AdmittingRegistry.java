package lasso.runtime;

import akka.actor.Address;
import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.javadsl.ActorContext;
import akka.cluster.typed.Cluster;

import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * A job's entity and the registry that admitted the job: journaled as a serialized reference, found
 * again after a recovery while its node is still a member of the cluster, watched while the job is
 * queued (the entity hears {@link Gone} when it stops: the job then starts on its own), and told of
 * the job's end.
 */
final class AdmittingRegistry {

    /** The registry stopped, or its node is no longer a member of the cluster. */
    record Gone() implements JobEntity.Command, NoSerializationVerificationNeeded {
    }

    private final ActorContext<JobEntity.Command> context;

    AdmittingRegistry(ActorContext<JobEntity.Command> context) {
        this.context = context;
    }

    String journaled(ActorRef<JobRegistry.Command> registry) {
        return ActorRefResolver.get(context.getSystem()).toSerializationFormat(registry);
    }

    void watch(ActorRef<JobRegistry.Command> registry) {
        context.watchWith(registry, new Gone());
    }

    /** Watches the journaled registry of a recovered queued job, or says at once that it is gone. */
    void watch(JobEntity.Record record) {
        find(record).ifPresentOrElse(this::watch, () -> context.getSelf().tell(new Gone()));
    }

    void ended(JobEntity.Record record, String jobId) {
        find(record).ifPresent(registry -> registry.tell(new JobRegistry.Ended(jobId, record.client())));
    }

    /**
     * The registry, if its node is still a member of the cluster (one of a cluster that has been
     * restarted since is not: nothing would ever answer for it).
     */
    private Optional<ActorRef<JobRegistry.Command>> find(JobEntity.Record record) {
        ActorRef<JobRegistry.Command> registry = ActorRefResolver.get(context.getSystem()).resolveActorRef(record.registry());
        Address address = registry.path().address();
        if (address.hasLocalScope()) {
            return Optional.of(registry);
        }
        boolean member = StreamSupport.stream(Cluster.get(context.getSystem()).state().getMembers().spliterator(), false)
                .anyMatch(m -> m.address().equals(address));
        return member ? Optional.of(registry) : Optional.empty();
    }
}
