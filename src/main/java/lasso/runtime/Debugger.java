package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.search.Candidate;
import lasso.search.EditRequest;
import lasso.search.Editor;
import lasso.search.Editors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Wraps the {@link Editor} of each domain (chosen through {@link Editors}): turns a failing candidate
 * and its traces on the job's given examples (recorded by an executor) into edits.
 */
public final class Debugger extends AbstractBehavior<Debugger.Command> {

    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "lasso-debugger");

    public interface Command extends CborSerializable {
    }

    /** At most {@code max} edits of {@code parent} (with its proposer score and its traces). */
    public record Expand(String jobId, JobSpec spec, long expansion, Program parent, double parentScore,
                         Traces traces, int max, long seed, ActorRef<Edited> replyTo) implements Command {
    }

    /** The edits; {@code error} when the editor failed. */
    public record Edited(String jobId, long expansion, List<Candidate<Program>> edits, String error)
            implements CborSerializable {
    }

    private record Ready(Edited edited, ActorRef<Edited> replyTo)
            implements Command, NoSerializationVerificationNeeded {
    }

    private final RuntimeSettings settings;
    private final JobCache cache;
    private final Map<String, Editor<?, ?, ?>> editors = new HashMap<>();

    public static Behavior<Command> create() {
        return Behaviors.setup(context -> new Debugger(context,
                RuntimeSettings.from(context.getSystem().settings().config())));
    }

    private Debugger(ActorContext<Command> context, RuntimeSettings settings) {
        super(context);
        this.settings = settings;
        this.cache = JobCache.get(context.getSystem());
        context.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, context.getSelf()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Expand.class, this::onExpand)
                .onMessage(Ready.class, this::onReady)
                .build();
    }

    private Behavior<Command> onExpand(Expand expand) {
        NodeMetrics.DEBUGGER_CALLS.inc();
        CompletionStage<Edited> edits;
        try {
            edits = edit(cache.decoded(expand.jobId(), expand.spec()), expand);
        } catch (RuntimeException e) {
            getContext().getLog().warn("job {}: debugger failed", expand.jobId(), e);
            expand.replyTo().tell(failed(expand, e));
            return this;
        }
        getContext().pipeToSelf(edits, (edited, failure) ->
                new Ready(failure == null ? edited : failed(expand, failure), expand.replyTo()));
        return this;
    }

    private static Edited failed(Expand expand, Throwable failure) {
        return new Edited(expand.jobId(), expand.expansion(), List.of(), "debugger failed: " + failure);
    }

    private Behavior<Command> onReady(Ready ready) {
        NodeMetrics.DEBUGGER_EDITS.inc(ready.edited().edits().size());
        ready.replyTo().tell(ready.edited());
        return this;
    }

    private <P, I, O> CompletionStage<Edited> edit(DecodedJob<P, I, O> job, Expand expand) {
        P parent = job.parse(expand.parent());
        List<Example<I, O>> given = job.evaluator().given();
        if (expand.traces().size() != given.size()) {
            throw new IllegalArgumentException(expand.traces().size() + " traces for " + given.size() + " examples");
        }
        EditRequest<P, I, O> request = new EditRequest<>(given, new Candidate<>(parent, expand.parentScore()),
                expand.traces().of(job.domain()), expand.max(), expand.seed());
        return editor(job.domain()).edit(request).thenApply(edits -> {
            List<Candidate<Program>> travelling = new ArrayList<>(edits.size());
            for (Candidate<P> edit : edits) {
                travelling.add(new Candidate<>(job.travelling(edit.program()), edit.score()));
            }
            return new Edited(expand.jobId(), expand.expansion(), travelling, null);
        });
    }

    @SuppressWarnings("unchecked")
    private <P, I, O> Editor<P, I, O> editor(Domain<P, I, O> domain) {
        return (Editor<P, I, O>) editors.computeIfAbsent(domain.name(),
                name -> Editors.create(domain, settings.editors().get(name)));
    }
}
