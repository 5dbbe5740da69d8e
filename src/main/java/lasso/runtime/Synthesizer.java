package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import lasso.domain.Domain;
import lasso.search.Candidate;
import lasso.search.CandidateProposer;
import lasso.search.CandidateStream;
import lasso.search.Proposers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Wraps the {@link CandidateProposer} of each domain (chosen through {@link Proposers}) and serves
 * the candidate streams of many jobs: a job's stream opens with its first request and closes when the
 * job says so or stays unused too long. Requests are answered asynchronously, so a proposer that
 * batches across jobs (a neural beam search) gets them all at once.
 */
public final class Synthesizer extends AbstractBehavior<Synthesizer.Command> {

    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "lasso-synthesizer");

    public interface Command extends CborSerializable {
    }

    /** The next batch of at most {@code max} candidates of the job's stream; {@code request} is echoed. */
    public record Propose(String jobId, JobSpec spec, long request, int max, ActorRef<Proposed> replyTo)
            implements Command {
    }

    /** The job no longer needs its stream. */
    public record Close(String jobId) implements Command {
    }

    /** The candidates; {@code error} when the stream failed. */
    public record Proposed(String jobId, long request, List<Candidate<Program>> candidates, boolean exhausted,
                           String error)
            implements CborSerializable {
    }

    private record Ready(Proposed proposed, ActorRef<Proposed> replyTo)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record Sweep() implements Command, NoSerializationVerificationNeeded {
    }

    private final RuntimeSettings settings;
    private final JobCache cache;
    private final Map<String, CandidateProposer<?, ?, ?>> proposers = new HashMap<>();
    private final Map<String, Session<?, ?, ?>> sessions = new HashMap<>();

    public static Behavior<Command> create() {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            RuntimeSettings settings = RuntimeSettings.from(context.getSystem().settings().config());
            timers.startTimerWithFixedDelay(new Sweep(), settings.sessionIdleTimeout().dividedBy(2));
            return new Synthesizer(context, settings);
        }));
    }

    private Synthesizer(ActorContext<Command> context, RuntimeSettings settings) {
        super(context);
        this.settings = settings;
        this.cache = JobCache.get(context.getSystem());
        context.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, context.getSelf()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Propose.class, this::onPropose)
                .onMessage(Ready.class, this::onReady)
                .onMessage(Close.class, this::onClose)
                .onMessage(Sweep.class, this::onSweep)
                .onSignal(PostStop.class, signal -> onStop())
                .build();
    }

    private Behavior<Command> onPropose(Propose propose) {
        NodeMetrics.SYNTHESIZER_CALLS.inc();
        CompletionStage<Proposed> next;
        try {
            Session<?, ?, ?> session = sessions.get(propose.jobId());
            if (session == null) {
                session = open(cache.decoded(propose.jobId(), propose.spec()));
                sessions.put(propose.jobId(), session);
                NodeMetrics.SYNTHESIZER_STREAMS.inc();
            }
            next = session.next(propose, System.nanoTime());
        } catch (RuntimeException e) {
            getContext().getLog().warn("job {}: synthesizer failed", propose.jobId(), e);
            propose.replyTo().tell(failed(propose, e));
            return this;
        }
        getContext().pipeToSelf(next, (proposed, failure) -> new Ready(
                failure == null ? proposed : failed(propose, failure), propose.replyTo()));
        return this;
    }

    private static Proposed failed(Propose propose, Throwable failure) {
        return new Proposed(propose.jobId(), propose.request(), List.of(), true, "synthesizer failed: " + failure);
    }

    private Behavior<Command> onReady(Ready ready) {
        NodeMetrics.SYNTHESIZER_CANDIDATES.inc(ready.proposed().candidates().size());
        ready.replyTo().tell(ready.proposed());
        return this;
    }

    private Behavior<Command> onClose(Close close) {
        Session<?, ?, ?> session = sessions.remove(close.jobId());
        if (session != null) {
            session.stream.close();
            NodeMetrics.SYNTHESIZER_STREAMS.dec();
        }
        cache.forget(close.jobId());
        return this;
    }

    private Behavior<Command> onSweep(Sweep sweep) {
        long idle = settings.sessionIdleTimeout().toNanos();
        long now = System.nanoTime();
        sessions.entrySet().removeIf(entry -> {
            boolean stale = now - entry.getValue().lastUsed > idle;
            if (stale) {
                entry.getValue().stream.close();
                NodeMetrics.SYNTHESIZER_STREAMS.dec();
            }
            return stale;
        });
        return this;
    }

    private Behavior<Command> onStop() {
        sessions.values().forEach(session -> session.stream.close());
        NodeMetrics.SYNTHESIZER_STREAMS.dec(sessions.size());
        sessions.clear();
        return this;
    }

    private <P, I, O> Session<P, I, O> open(DecodedJob<P, I, O> job) {
        CandidateProposer<P, I, O> proposer = proposer(job.domain());
        return new Session<>(job, proposer.open(job.evaluator().given(), job.spec().settings().seed()));
    }

    @SuppressWarnings("unchecked")
    private <P, I, O> CandidateProposer<P, I, O> proposer(Domain<P, I, O> domain) {
        return (CandidateProposer<P, I, O>) proposers.computeIfAbsent(domain.name(),
                name -> Proposers.create(domain, settings.proposers().get(name)));
    }

    /** One job's open stream. */
    private static final class Session<P, I, O> {

        final DecodedJob<P, I, O> job;
        final CandidateStream<P> stream;
        long lastUsed;

        Session(DecodedJob<P, I, O> job, CandidateStream<P> stream) {
            this.job = job;
            this.stream = stream;
        }

        CompletionStage<Proposed> next(Propose propose, long now) {
            lastUsed = now;
            return stream.next(propose.max()).thenApply(proposal -> {
                List<Candidate<Program>> candidates = new ArrayList<>(proposal.candidates().size());
                for (Candidate<P> candidate : proposal.candidates()) {
                    candidates.add(new Candidate<>(job.travelling(candidate.program()), candidate.score()));
                }
                return new Proposed(propose.jobId(), propose.request(), candidates, proposal.exhausted(), null);
            });
        }
    }
}
