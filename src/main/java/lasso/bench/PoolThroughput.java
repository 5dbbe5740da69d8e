package lasso.bench;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import lasso.runtime.Executor;
import lasso.runtime.JobSpec;
import lasso.runtime.LassoRuntime;
import lasso.runtime.Program;
import lasso.runtime.RuntimeSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Measures the throughput of a node's executor pool as jobs use it: each job keeps
 * {@code lasso.coordinator.credits} batches of {@code chunk-size} programs in flight at every
 * executor and sends the next batch as soon as one is answered, until the time is up.
 */
final class PoolThroughput {

    /** One job's programs, evaluated over and over. */
    record Workload(JobSpec spec, List<Program> programs) {
    }

    private PoolThroughput() {
    }

    /** Programs evaluated per second by the node's executors, after a warm-up. */
    static double programsPerSecond(LassoRuntime runtime, List<Workload> workloads, Duration warmup,
                                    Duration measured) throws InterruptedException, ExecutionException,
            TimeoutException {
        if (!warmup.isZero()) {
            run(runtime, workloads, warmup);
        }
        long[] result = run(runtime, workloads, measured);
        return result[0] * 1e9 / result[1];
    }

    private static long[] run(LassoRuntime runtime, List<Workload> workloads, Duration duration)
            throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<long[]> done = new CompletableFuture<>();
        RuntimeSettings settings = runtime.settings();
        runtime.system().systemActorOf(Driver.create(workloads, settings.chunkSize(), settings.credits(), duration, done),
                "pool-benchmark-" + UUID.randomUUID(), Props.empty());
        return done.get(duration.toMillis() + 60_000, TimeUnit.MILLISECONDS);
    }

    /** Feeds the executors like coordinators do, and counts what comes back in time. */
    private static final class Driver {

        private interface Command {
        }

        private record Listing(Receptionist.Listing listing) implements Command, NoSerializationVerificationNeeded {
        }

        private record Answer(Executor.Results results) implements Command, NoSerializationVerificationNeeded {
        }

        private record End() implements Command, NoSerializationVerificationNeeded {
        }

        private final ActorContext<Command> context;
        private final List<Workload> workloads;
        private final List<String> jobIds = new ArrayList<>();
        private final int chunk;
        private final int credits;
        private final Duration duration;
        private final CompletableFuture<long[]> done;
        private final ActorRef<Executor.Results> answers;
        private final int[] next;
        private final Map<Long, ActorRef<Executor.Command>> sentTo = new HashMap<>();
        private long batch;
        private long counted;
        private long startNanos;
        private boolean running;

        private Driver(ActorContext<Command> context, List<Workload> workloads, int chunk, int credits,
                       Duration duration, CompletableFuture<long[]> done) {
            this.context = context;
            this.workloads = workloads;
            this.chunk = chunk;
            this.credits = credits;
            this.duration = duration;
            this.done = done;
            this.answers = context.messageAdapter(Executor.Results.class, Answer::new);
            this.next = new int[workloads.size()];
            for (int i = 0; i < workloads.size(); i++) {
                jobIds.add("bench-" + i + "-" + UUID.randomUUID());
            }
        }

        static Behavior<Command> create(List<Workload> workloads, int chunk, int credits, Duration duration,
                                        CompletableFuture<long[]> done) {
            return Behaviors.setup(context -> {
                Driver driver = new Driver(context, workloads, chunk, credits, duration, done);
                context.getSystem().receptionist().tell(Receptionist.subscribe(Executor.SERVICE_KEY,
                        context.messageAdapter(Receptionist.Listing.class, Listing::new)));
                return driver.waiting();
            });
        }

        private Behavior<Command> waiting() {
            return Behaviors.receive(Command.class)
                    .onMessage(Listing.class, listing -> {
                        List<ActorRef<Executor.Command>> executors =
                                new ArrayList<>(listing.listing().getServiceInstances(Executor.SERVICE_KEY));
                        if (executors.isEmpty()) {
                            return Behaviors.same();
                        }
                        return start(executors);
                    })
                    .build();
        }

        private Behavior<Command> start(List<ActorRef<Executor.Command>> executors) {
            running = true;
            startNanos = System.nanoTime();
            for (int job = 0; job < workloads.size(); job++) {
                for (ActorRef<Executor.Command> executor : executors) {
                    for (int c = 0; c < credits; c++) {
                        send(job, executor);
                    }
                }
            }
            return Behaviors.withTimers(timers -> {
                timers.startSingleTimer(new End(), duration);
                return Behaviors.receive(Command.class)
                        .onMessage(Answer.class, this::onAnswer)
                        .onMessage(End.class, end -> onEnd())
                        .onMessage(Listing.class, listing -> Behaviors.same())
                        .build();
            });
        }

        private void send(int job, ActorRef<Executor.Command> executor) {
            Workload workload = workloads.get(job);
            List<Program> programs = new ArrayList<>(chunk);
            for (int i = 0; i < chunk; i++) {
                programs.add(workload.programs().get(next[job]));
                next[job] = (next[job] + 1) % workload.programs().size();
            }
            long id = batch++;
            sentTo.put(id, executor);
            executor.tell(new Executor.Run(jobIds.get(job), workload.spec(), id * workloads.size() + job, programs,
                    answers));
        }

        private Behavior<Command> onAnswer(Answer answer) {
            Executor.Results results = answer.results();
            if (results.error() != null) {
                done.completeExceptionally(new IllegalStateException(results.error()));
                return Behaviors.stopped();
            }
            int job = (int) (results.batch() % workloads.size());
            ActorRef<Executor.Command> executor = sentTo.remove(results.batch() / workloads.size());
            if (running) {
                counted += results.evaluations().size();
                send(job, executor);
            }
            return Behaviors.same();
        }

        private Behavior<Command> onEnd() {
            running = false;
            done.complete(new long[] {counted, System.nanoTime() - startNanos});
            return Behaviors.stopped();
        }
    }
}
