package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import lasso.search.Admitted;
import lasso.search.Candidate;
import lasso.search.Evaluated;
import lasso.search.Evaluation;
import lasso.search.MutationEditor;
import lasso.search.Proposal;
import lasso.search.Round;
import lasso.search.Search;
import lasso.search.Seeds;
import lasso.search.StopReason;
import lasso.search.Strategy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one job's {@link Search} (best-first, beam or greedy) with the cluster's workers, found
 * through the Receptionist: candidates come from a synthesizer, which keeps the job's stream, and from
 * debuggers; executors evaluate them in batches and record the traces of a candidate to expand, which
 * its debugger reads. Each round's candidates are spread over the
 * executors with at most {@code credits} batches in flight per executor, and the synthesizer's next
 * candidates are fetched while the current ones are evaluated. Progress goes to the registry at a
 * fixed interval and the result when the search stops; batches lost with an executor are sent again.
 */
public final class JobCoordinator extends AbstractBehavior<JobCoordinator.Command> {

    public interface Command extends CborSerializable {
    }

    /** Stop searching; the job ends as cancelled, with this note. */
    public record Cancel(String message) implements Command {
    }

    private record WorkersChanged(Receptionist.Listing listing) implements Command, NoSerializationVerificationNeeded {
    }

    private record GotProposal(Synthesizer.Proposed proposed) implements Command, NoSerializationVerificationNeeded {
    }

    private record GotEdits(Debugger.Edited edited) implements Command, NoSerializationVerificationNeeded {
    }

    private record GotTraces(Executor.Traced traced) implements Command, NoSerializationVerificationNeeded {
    }

    private record GotResults(Executor.Results results) implements Command, NoSerializationVerificationNeeded {
    }

    private record DeadlineReached() implements Command, NoSerializationVerificationNeeded {
    }

    private record ReportProgress() implements Command, NoSerializationVerificationNeeded {
    }

    private record CheckTimeouts() implements Command, NoSerializationVerificationNeeded {
    }

    /** A batch sent to an executor. */
    private record Chunk(ActorRef<Executor.Command> executor, List<Admitted<Program>> candidates, long sentNanos) {
    }

    private static final Comparator<ActorRef<?>> BY_PATH = Comparator.comparing(ref -> ref.path().toString());

    private final String jobId;
    private final JobSpec spec;
    private final long startNanos;
    private final ActorRef<JobRegistry.Command> registry;
    private final RuntimeSettings settings;
    private final TimerScheduler<Command> timers;
    private final Search<Program> search;
    private final ActorRef<Synthesizer.Proposed> proposals;
    private final ActorRef<Debugger.Edited> edits;
    private final ActorRef<Executor.Traced> traced;
    private final ActorRef<Executor.Results> results;

    private List<ActorRef<Executor.Command>> executors = List.of();
    private List<ActorRef<Synthesizer.Command>> synthesizers = List.of();
    private List<ActorRef<Debugger.Command>> debuggers = List.of();
    private final Map<ActorRef<Executor.Command>, Integer> load = new HashMap<>();
    private int rotation;

    private Round<Program> round;
    private Proposal<Program> roundProposal;
    private List<Candidate<Program>> roundEdits;
    private boolean admitted;
    private int pendingResults;
    private final ArrayDeque<List<Admitted<Program>>> waiting = new ArrayDeque<>();
    private final Map<Long, Chunk> inFlight = new HashMap<>();
    private long nextBatch;

    private ActorRef<Synthesizer.Command> synthesizer;
    private long proposalRequest;
    private long proposalSentNanos = -1;
    /**
     * The synthesizer's candidates not yet taken by a round. Each round takes exactly the next
     * {@code propose} of them (fewer only at the end of the stream), however the synthesizer cut its
     * batches, so a job's search does not depend on timing; up to two rounds' worth is fetched ahead.
     */
    private final ArrayDeque<Candidate<Program>> proposed = new ArrayDeque<>();
    private boolean streamExhausted;

    /** The round's candidate to expand: first an executor traces it, then a debugger edits it. */
    private ActorRef<Executor.Command> tracer;
    private long traceRequest;
    private long tracesSentNanos = -1;
    private Traces parentTraces;
    private ActorRef<Debugger.Command> debugger;
    /** Whether a debugger was ever listed: a job that loses them all edits on its own node. */
    private boolean debuggerSeen;
    private boolean warnedNoDebugger;
    private long editsSentNanos = -1;
    private long expansion;

    private String message = "";
    private JobResult reported;

    static Behavior<Command> create(String jobId, JobSpec spec, long startNanos,
                                    ActorRef<JobRegistry.Command> registry) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new JobCoordinator(context, timers, jobId, spec, startNanos, registry).start()));
    }

    private JobCoordinator(ActorContext<Command> context, TimerScheduler<Command> timers, String jobId, JobSpec spec,
                           long startNanos, ActorRef<JobRegistry.Command> registry) {
        super(context);
        this.timers = timers;
        this.jobId = jobId;
        this.spec = spec;
        this.startNanos = startNanos;
        this.registry = registry;
        this.settings = RuntimeSettings.from(context.getSystem().settings().config());
        this.search = Search.create(spec.settings(), System::nanoTime, startNanos);
        this.proposals = context.messageAdapter(Synthesizer.Proposed.class, GotProposal::new);
        this.edits = context.messageAdapter(Debugger.Edited.class, GotEdits::new);
        this.traced = context.messageAdapter(Executor.Traced.class, GotTraces::new);
        this.results = context.messageAdapter(Executor.Results.class, GotResults::new);
    }

    private Behavior<Command> start() {
        ActorRef<Receptionist.Listing> listings = getContext().messageAdapter(Receptionist.Listing.class,
                WorkersChanged::new);
        ActorRef<Receptionist.Command> receptionist = getContext().getSystem().receptionist();
        receptionist.tell(Receptionist.subscribe(Executor.SERVICE_KEY, listings));
        receptionist.tell(Receptionist.subscribe(Synthesizer.SERVICE_KEY, listings));
        if (spec.settings().strategy() != Strategy.BEAM) {
            receptionist.tell(Receptionist.subscribe(Debugger.SERVICE_KEY, listings));
        }
        long left = startNanos + spec.settings().deadlineMillis() * 1_000_000L - System.nanoTime();
        timers.startSingleTimer(new DeadlineReached(), Duration.ofNanos(Math.max(0, left)));
        timers.startTimerWithFixedDelay(new ReportProgress(), settings.progressInterval());
        Duration check = settings.requestTimeout().dividedBy(4);
        timers.startTimerWithFixedDelay(new CheckTimeouts(), check.toMillis() < 100 ? Duration.ofMillis(100) : check);
        return this;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(WorkersChanged.class, this::onWorkersChanged)
                .onMessage(GotProposal.class, this::onProposal)
                .onMessage(GotEdits.class, this::onEdits)
                .onMessage(GotTraces.class, this::onTraces)
                .onMessage(GotResults.class, this::onResults)
                .onMessage(Cancel.class, this::onCancel)
                .onMessage(DeadlineReached.class, deadline -> stop(StopReason.DEADLINE, ""))
                .onMessage(ReportProgress.class, this::onReportProgress)
                .onMessage(CheckTimeouts.class, this::onCheckTimeouts)
                .build();
    }

    // ---- the rounds of the search

    /** Moves the search on as far as the answers received allow. */
    private Behavior<Command> advance() {
        while (true) {
            if (round == null) {
                if (!workersReady()) {
                    return this;
                }
                Optional<Round<Program>> next = search.next();
                if (next.isEmpty()) {
                    return finish();
                }
                round = next.get();
                roundProposal = null;
                roundEdits = null;
                parentTraces = null;
                admitted = false;
            }
            if (!admitted) {
                boolean gathered = true;
                if (round.expand() != null && roundEdits == null) {
                    requestEdits();
                    gathered = roundEdits != null; // edited here when no debugger is left
                }
                if (round.propose() > 0 && roundProposal == null) {
                    if (proposed.size() >= round.propose() || streamExhausted) {
                        roundProposal = take(round.propose());
                    } else {
                        requestProposal();
                        gathered = false;
                    }
                }
                if (!gathered) {
                    return this;
                }
                List<Admitted<Program>> candidates = search.admit(round, roundProposal,
                        roundEdits == null ? List.of() : roundEdits);
                admitted = true;
                requestProposal();
                pendingResults = candidates.size();
                enqueue(candidates);
                dispatch();
            }
            if (pendingResults > 0) {
                return this;
            }
            search.endRound();
            round = null;
        }
    }

    private boolean workersReady() {
        return !executors.isEmpty() && !synthesizers.isEmpty()
                && (spec.settings().strategy() == Strategy.BEAM || !debuggers.isEmpty() || debuggerSeen);
    }

    /** The next {@code count} candidates of the stream (all that is left at its end). */
    private Proposal<Program> take(int count) {
        List<Candidate<Program>> batch = new ArrayList<>(Math.min(count, proposed.size()));
        while (batch.size() < count && !proposed.isEmpty()) {
            batch.add(proposed.poll());
        }
        return new Proposal<>(batch, streamExhausted && proposed.isEmpty());
    }

    /** Asks the synthesizer for more when fewer than two rounds' worth of candidates are at hand. */
    private void requestProposal() {
        int wanted = 2 * spec.settings().batchSize() - proposed.size();
        if (proposalSentNanos >= 0 || streamExhausted || wanted <= 0 || synthesizers.isEmpty()) {
            return;
        }
        if (synthesizer == null) {
            // Jobs spread over the synthesizers; a job keeps its one (its stream lives there).
            synthesizer = synthesizers.get(Math.floorMod(jobId.hashCode(), synthesizers.size()));
        }
        proposalRequest++;
        proposalSentNanos = System.nanoTime();
        synthesizer.tell(new Synthesizer.Propose(jobId, spec, proposalRequest, wanted, proposals));
    }

    /** Asks an executor for the traces of the round's candidate to expand, then a debugger for its edits. */
    private void requestEdits() {
        if (tracesSentNanos >= 0 || editsSentNanos >= 0) {
            return;
        }
        Evaluated<Program> parent = round.expand();
        if (parentTraces == null) {
            if (!executors.isEmpty()) {
                tracer = executors.get(Math.floorMod(rotation++, executors.size()));
                traceRequest++;
                tracesSentNanos = System.nanoTime();
                tracer.tell(new Executor.TraceRun(jobId, spec, traceRequest, parent.program(), traced));
            }
            return;
        }
        if (debuggers.isEmpty()) {
            if (debuggerSeen) {
                editHere(parent);
            }
            return;
        }
        debugger = debuggers.get(Math.floorMod(jobId.hashCode() + (int) expansion, debuggers.size()));
        expansion++;
        editsSentNanos = System.nanoTime();
        debugger.tell(new Debugger.Expand(jobId, spec, expansion, parent.program(), parent.candidate().score(),
                parentTraces, spec.settings().editsPerExpansion(),
                Seeds.mix(spec.settings().seed(), search.expansions()), edits));
    }

    /**
     * The round's edits made on this node by the domain's random mutations, once every debugger this
     * job has seen is gone (a debugger node died): the job goes on, and ends with an answer, instead of
     * waiting for its deadline.
     */
    private void editHere(Evaluated<Program> parent) {
        if (!warnedNoDebugger) {
            getContext().getLog().warn("job {}: no debugger left; expanding with random mutations on this node", jobId);
            warnedNoDebugger = true;
        }
        roundEdits = mutations(JobCache.get(getContext().getSystem()).decoded(jobId, spec), parent);
    }

    private <P, I, O> List<Candidate<Program>> mutations(DecodedJob<P, I, O> job, Evaluated<Program> parent) {
        return Debugger.edit(job, new MutationEditor<>(job.domain()), parent.program(), parent.candidate().score(),
                parentTraces, spec.settings().editsPerExpansion(), Seeds.mix(spec.settings().seed(), search.expansions()))
                .toCompletableFuture().join();
    }

    private Behavior<Command> onTraces(GotTraces message) {
        Executor.Traced answer = message.traced();
        if (answer.request() != traceRequest || tracesSentNanos < 0) {
            return this;
        }
        tracesSentNanos = -1;
        if (answer.error() != null) {
            return stop(StopReason.ERROR, answer.error());
        }
        parentTraces = answer.traces();
        return advance();
    }

    private Behavior<Command> onProposal(GotProposal message) {
        Synthesizer.Proposed answer = message.proposed();
        if (answer.request() != proposalRequest || proposalSentNanos < 0) {
            return this;
        }
        proposalSentNanos = -1;
        if (answer.error() != null) {
            return stop(StopReason.ERROR, answer.error());
        }
        proposed.addAll(answer.candidates());
        streamExhausted |= answer.exhausted();
        requestProposal();
        return advance();
    }

    private Behavior<Command> onEdits(GotEdits message) {
        Debugger.Edited edited = message.edited();
        if (edited.expansion() != expansion || editsSentNanos < 0) {
            return this;
        }
        editsSentNanos = -1;
        if (edited.error() != null) {
            return stop(StopReason.ERROR, edited.error());
        }
        roundEdits = edited.edits();
        return advance();
    }

    // ---- executors

    /** Splits a round's candidates into batches, about one per executor, at most chunk-size each. */
    private void enqueue(List<Admitted<Program>> candidates) {
        int size = Math.max(1, Math.min(settings.chunkSize(),
                (candidates.size() + executors.size() - 1) / Math.max(1, executors.size())));
        for (int from = 0; from < candidates.size(); from += size) {
            waiting.add(List.copyOf(candidates.subList(from, Math.min(candidates.size(), from + size))));
        }
    }

    private void dispatch() {
        while (!waiting.isEmpty()) {
            ActorRef<Executor.Command> executor = executorWithCredit();
            if (executor == null) {
                return;
            }
            List<Admitted<Program>> chunk = waiting.poll();
            List<Program> programs = new ArrayList<>(chunk.size());
            for (Admitted<Program> candidate : chunk) {
                programs.add(candidate.program());
            }
            long batch = nextBatch++;
            inFlight.put(batch, new Chunk(executor, chunk, System.nanoTime()));
            load.merge(executor, 1, Integer::sum);
            executor.tell(new Executor.Run(jobId, spec, batch, programs, results));
        }
    }

    private ActorRef<Executor.Command> executorWithCredit() {
        for (int i = 0; i < executors.size(); i++) {
            ActorRef<Executor.Command> executor = executors.get(Math.floorMod(rotation + i, executors.size()));
            if (load.getOrDefault(executor, 0) < settings.credits()) {
                rotation += i + 1;
                return executor;
            }
        }
        return null;
    }

    private Behavior<Command> onResults(GotResults message) {
        Executor.Results answer = message.results();
        Chunk chunk = inFlight.remove(answer.batch());
        if (chunk == null) {
            return this;  // a batch sent again after a timeout, answered twice
        }
        load.computeIfPresent(chunk.executor(), (executor, count) -> count - 1);
        if (answer.error() != null) {
            return stop(StopReason.ERROR, answer.error());
        }
        if (answer.evaluations().size() != chunk.candidates().size()) {
            return stop(StopReason.ERROR, "an executor answered " + answer.evaluations().size() + " evaluations for "
                    + chunk.candidates().size() + " programs");
        }
        for (int i = 0; i < chunk.candidates().size(); i++) {
            search.record(chunk.candidates().get(i), answer.evaluations().get(i));
        }
        pendingResults -= chunk.candidates().size();
        dispatch();
        return advance();
    }

    // ---- workers joining and leaving

    @SuppressWarnings("unchecked")
    private Behavior<Command> onWorkersChanged(WorkersChanged message) {
        Receptionist.Listing listing = message.listing();
        if (listing.isForKey(Executor.SERVICE_KEY)) {
            executors = sorted(listing.getServiceInstances(Executor.SERVICE_KEY));
            load.keySet().retainAll(executors);
            if (tracesSentNanos >= 0 && !executors.contains(tracer)) {
                tracesSentNanos = -1;  // advance() asks another executor
            }
            for (Iterator<Chunk> it = inFlight.values().iterator(); it.hasNext(); ) {
                Chunk chunk = it.next();
                if (!executors.contains(chunk.executor())) {
                    waiting.addFirst(chunk.candidates());
                    it.remove();
                }
            }
            dispatch();
        } else if (listing.isForKey(Synthesizer.SERVICE_KEY)) {
            synthesizers = sorted(listing.getServiceInstances(Synthesizer.SERVICE_KEY));
            if (synthesizer != null && !synthesizers.contains(synthesizer)) {
                // The job's stream was lost with its synthesizer: advance() starts it again on another
                // one, and the seen-set drops what was already evaluated.
                synthesizer = null;
                proposalSentNanos = -1;
            }
        } else if (listing.isForKey(Debugger.SERVICE_KEY)) {
            debuggers = sorted(listing.getServiceInstances(Debugger.SERVICE_KEY));
            debuggerSeen |= !debuggers.isEmpty();
            if (editsSentNanos >= 0 && !debuggers.contains(debugger)) {
                editsSentNanos = -1;  // advance() asks another debugger
            }
        }
        return advance();
    }

    private static <T> List<ActorRef<T>> sorted(Set<ActorRef<T>> refs) {
        List<ActorRef<T>> list = new ArrayList<>(refs);
        list.sort(BY_PATH);
        return List.copyOf(list);
    }

    private Behavior<Command> onCheckTimeouts(CheckTimeouts check) {
        long now = System.nanoTime();
        long timeout = settings.requestTimeout().toNanos();
        if (proposalSentNanos >= 0 && now - proposalSentNanos > timeout) {
            return stop(StopReason.ERROR, "the synthesizer did not answer within " + settings.requestTimeout());
        }
        if (editsSentNanos >= 0 && now - editsSentNanos > timeout) {
            return stop(StopReason.ERROR, "the debugger did not answer within " + settings.requestTimeout());
        }

        boolean resend = false;
        for (Iterator<Chunk> it = inFlight.values().iterator(); it.hasNext(); ) {
            Chunk chunk = it.next();
            if (now - chunk.sentNanos() > timeout) {
                load.computeIfPresent(chunk.executor(), (executor, count) -> count - 1);
                waiting.addFirst(chunk.candidates());
                it.remove();
                resend = true;
            }
        }
        if (resend) {
            getContext().getLog().warn("job {}: batches unanswered for {}, sending them again", jobId,
                    settings.requestTimeout());
            dispatch();
        }
        if (tracesSentNanos >= 0 && now - tracesSentNanos > timeout) {
            getContext().getLog().warn("job {}: traces unanswered for {}, asking another executor", jobId,
                    settings.requestTimeout());
            tracesSentNanos = -1;
            return advance();
        }
        return this;
    }

    // ---- progress and the end

    private Behavior<Command> onReportProgress(ReportProgress tick) {
        JobResult snapshot = snapshot(JobState.RUNNING, null);
        if (reported == null || snapshot.evaluated() != reported.evaluated()
                || snapshot.expansions() != reported.expansions() || snapshot.proposed() != reported.proposed()) {
            reported = snapshot;
            registry.tell(new JobRegistry.Progressed(snapshot));
        }
        return this;
    }

    private Behavior<Command> onCancel(Cancel cancel) {
        return stop(StopReason.CANCELLED, cancel.message());
    }

    private Behavior<Command> stop(StopReason reason, String note) {
        search.stop(reason);
        message = note;
        return finish();
    }

    /** Reports the result and waits, ignoring everything, for the registry to stop this actor. */
    private Behavior<Command> finish() {
        timers.cancelAll();
        StopReason reason = search.stopReason();
        JobState state = switch (reason) {
            case FOUND -> JobState.SOLVED;
            case CANCELLED -> JobState.CANCELLED;
            case ERROR -> JobState.FAILED;
            default -> JobState.UNSOLVED;
        };
        JobResult result;
        try {
            result = snapshot(state, reason);
        } catch (RuntimeException e) {
            getContext().getLog().warn("job {}: cannot report the best program", jobId, e);
            result = JobResult.ended(jobId, spec, JobState.FAILED, StopReason.ERROR, millis(),
                    "cannot report the best program: " + e);
        }
        registry.tell(new JobRegistry.Finished(result));
        if (synthesizer != null) {
            synthesizer.tell(new Synthesizer.Close(jobId));
        }
        return Behaviors.ignore();
    }

    /**
     * The job as it stands. A final result runs the reported program on every example, held-out ones
     * included, on this node.
     */
    private JobResult snapshot(JobState state, StopReason reason) {
        Optional<Evaluated<Program>> best = search.best();
        List<String> tokens = best.map(b -> b.program().tokens()).orElse(List.of());
        String program = "";
        Evaluation evaluation = best.map(Evaluated::evaluation).orElse(null);
        if (best.isPresent()) {
            DecodedJob<?, ?, ?> job = JobCache.get(getContext().getSystem()).decoded(jobId, spec);
            program = print(job, best.get().program());
            if (reason != null) {
                evaluation = evaluateAll(job, best.get().program());
            }
        }
        return new JobResult(jobId, spec.label(), state, reason, spec.settings().strategy(), tokens, program,
                evaluation == null ? 0 : evaluation.givenPassed(), spec.givenCount(),
                evaluation == null ? 0 : evaluation.heldoutPassed(), spec.heldoutCount(),
                search.expansions(), search.evaluated(), search.proposed(), millis(), message);
    }

    private static <P> String print(DecodedJob<P, ?, ?> job, Program program) {
        return job.domain().print(job.parse(program));
    }

    private static <P> Evaluation evaluateAll(DecodedJob<P, ?, ?> job, Program program) {
        return job.evaluator().evaluateAll(job.parse(program));
    }

    private long millis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
