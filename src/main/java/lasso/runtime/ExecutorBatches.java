package lasso.runtime;

import akka.actor.typed.ActorRef;
import lasso.search.Admitted;
import lasso.search.Evaluation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A frontier shard's candidates on their way through the executors: split into batches of at most
 * {@code chunk-size}, about one per executor, at most {@code credits} in flight per executor
 * (backpressure), sent again when their executor leaves or stays silent for the request timeout. The
 * executors of the shard's own node are used when there are any, so that programs cross no wire.
 */
final class ExecutorBatches {

    /** A batch's candidates with their executor's answer; {@code error} when it could not run them. */
    record Answered(List<Admitted<Program>> candidates, List<Evaluation> evaluations, String error) {

        /** Each candidate's evaluation, by its sequence number, to the search shard that holds it. */
        void recordTo(Recorder shard) {
            for (int i = 0; i < candidates.size(); i++) {
                shard.record(candidates.get(i).seq(), evaluations.get(i));
            }
        }
    }

    /** A search shard taking its candidates' evaluations ({@code FrontierShard::record}, {@code AsyncShard::record}). */
    interface Recorder {
        boolean record(long seq, Evaluation evaluation);
    }

    private record Batch(ActorRef<Executor.Command> executor, List<Admitted<Program>> candidates, long sentNanos) {
    }

    private static final Comparator<ActorRef<?>> BY_PATH = Comparator.comparing(ref -> ref.path().toString());

    private final String jobId;
    private final RuntimeSettings settings;
    private final ActorRef<Executor.Results> replyTo;
    private List<ActorRef<Executor.Command>> executors = List.of();
    private final Map<ActorRef<Executor.Command>, Integer> load = new HashMap<>();
    private final ArrayDeque<List<Admitted<Program>>> waiting = new ArrayDeque<>();
    private final Map<Long, Batch> inFlight = new HashMap<>();
    private long nextBatch;
    private int rotation;
    private long sent;

    ExecutorBatches(String jobId, RuntimeSettings settings, ActorRef<Executor.Results> replyTo) {
        this.jobId = jobId;
        this.settings = settings;
        this.replyTo = replyTo;
    }

    static <T> List<ActorRef<T>> sorted(Set<ActorRef<T>> refs) {
        List<ActorRef<T>> list = new ArrayList<>(refs);
        list.sort(BY_PATH);
        return List.copyOf(list);
    }

    /** The workers of this node among those listed, or all of them when this node has none. */
    static <T> List<ActorRef<T>> local(Set<ActorRef<T>> listed) {
        Set<ActorRef<T>> local = listed.stream().filter(ref -> ref.path().address().hasLocalScope())
                .collect(Collectors.toSet());
        return sorted(local.isEmpty() ? listed : local);
    }

    /** The executors listed now; batches on one that left go back to the front of the queue. */
    void executors(Set<ActorRef<Executor.Command>> listed) {
        executors = local(listed);
        load.keySet().retainAll(executors);
        for (Iterator<Batch> it = inFlight.values().iterator(); it.hasNext(); ) {
            Batch batch = it.next();
            if (!executors.contains(batch.executor())) {
                waiting.addFirst(batch.candidates());
                it.remove();
            }
        }
    }

    boolean has(ActorRef<?> executor) {
        return executors.contains(executor);
    }

    /** An executor for one request (tracing), chosen in turn; null when there is none. */
    ActorRef<Executor.Command> anyExecutor(int turn) {
        return executors.isEmpty() ? null : executors.get(Math.floorMod(turn, executors.size()));
    }

    /** Splits candidates into batches, about one per executor, at most chunk-size each. */
    void enqueue(List<Admitted<Program>> candidates) {
        int size = Math.max(1, Math.min(settings.chunkSize(),
                (candidates.size() + executors.size() - 1) / Math.max(1, executors.size())));
        for (int from = 0; from < candidates.size(); from += size) {
            waiting.add(List.copyOf(candidates.subList(from, Math.min(candidates.size(), from + size))));
        }
    }

    /** Sends waiting batches to executors with credit left. */
    void dispatch(JobSpec spec) {
        while (!waiting.isEmpty()) {
            ActorRef<Executor.Command> executor = executorWithCredit();
            if (executor == null) {
                return;
            }
            List<Admitted<Program>> batch = waiting.poll();
            List<Program> programs = new ArrayList<>(batch.size());
            for (Admitted<Program> candidate : batch) {
                programs.add(candidate.program());
            }
            long id = nextBatch++;
            inFlight.put(id, new Batch(executor, batch, System.nanoTime()));
            load.merge(executor, 1, Integer::sum);
            sent += programs.size();
            executor.tell(new Executor.Run(jobId, spec, id, programs, replyTo));
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

    /** Drops the batches not yet sent (the job ended) and returns how many programs they held. */
    int dropWaiting() {
        int count = 0;
        for (List<Admitted<Program>> batch : waiting) {
            count += batch.size();
        }
        waiting.clear();
        return count;
    }

    /** Programs sent to executors since the last call (sent again after a timeout: counted again). */
    long takeSent() {
        long count = sent;
        sent = 0;
        return count;
    }

    /** The batch an answer is for, or null when it was answered already (a batch sent twice). */
    Answered answered(Executor.Results results) {
        Batch batch = inFlight.remove(results.batch());
        if (batch == null) {
            return null;
        }
        load.computeIfPresent(batch.executor(), (executor, count) -> count - 1);
        NodeMetrics.BATCH_ROUND_TRIP_SECONDS.observe((System.nanoTime() - batch.sentNanos()) / 1e9);
        if (results.error() == null && results.evaluations().size() != batch.candidates().size()) {
            return new Answered(batch.candidates(), results.evaluations(), "an executor answered " + results.evaluations().size()
                    + " evaluations for " + batch.candidates().size() + " programs");
        }
        return new Answered(batch.candidates(), results.evaluations(), results.error());
    }

    /** Puts batches unanswered for the request timeout back in the queue; whether there were any. */
    boolean resendLate(long now) {
        boolean late = false;
        for (Iterator<Batch> it = inFlight.values().iterator(); it.hasNext(); ) {
            Batch batch = it.next();
            if (now - batch.sentNanos() > settings.requestTimeout().toNanos()) {
                load.computeIfPresent(batch.executor(), (executor, count) -> count - 1);
                waiting.addFirst(batch.candidates());
                it.remove();
                late = true;
            }
        }
        return late;
    }
}
