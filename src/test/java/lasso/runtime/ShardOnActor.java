package lasso.runtime;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Behaviors;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A shard entity's workers ({@link ShardWorkers}) in a test actor, as an entity holds them: steps run
 * on the actor's thread, where the workers and a job made of them may be used; the executors' answers
 * to its batches are kept there for the steps.
 */
final class ShardOnActor<T> {

    /** What a step sees, on the actor's thread. */
    static final class Here<T> {
        final ShardWorkers<T> workers;
        final Deque<ExecutorBatches.Answered> answered = new ArrayDeque<>();

        private Here(ShardWorkers<T> workers) {
            this.workers = workers;
        }
    }

    private record Step<T, R>(Function<Here<T>, R> body, CompletableFuture<R> result) {
    }

    private final ActorRef<Object> actor;
    private final CompletableFuture<Void> executorsListed = new CompletableFuture<>();
    private final BlockingQueue<Boolean> answers = new LinkedBlockingQueue<>();

    ShardOnActor(ActorTestKit kit, String jobId, RuntimeSettings settings) {
        this.actor = kit.spawn(Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            Here<T> here = new Here<>(new ShardWorkers<>(context, timers, jobId, settings, "test shard"));
            return Behaviors.receiveMessage(message -> {
                if (message instanceof ShardWorkers.Listed listed && here.workers.listed(listed)
                        && !listed.listing().getServiceInstances(Executor.SERVICE_KEY).isEmpty()) {
                    executorsListed.complete(null);
                } else if (message instanceof ShardWorkers.Results results) {
                    here.answered.add(here.workers.answered(results));
                    answers.add(true);
                } else if (message instanceof Step<?, ?> step) {
                    run(step, here);
                }
                return Behaviors.same();
            });
        })));
    }

    @SuppressWarnings("unchecked")
    private static <T, R> void run(Step<?, ?> step, Here<T> here) {
        Step<T, R> typed = (Step<T, R>) step;
        try {
            typed.result().complete(typed.body().apply(here));
        } catch (Throwable e) {
            typed.result().completeExceptionally(e);
        }
    }

    /** Waits (a minute at most) until the workers know of an executor. */
    void awaitExecutors() throws Exception {
        executorsListed.get(1, TimeUnit.MINUTES);
    }

    /** Waits (a minute at most) for the next executor's answer to reach the workers. */
    void awaitAnswer() throws InterruptedException {
        if (answers.poll(1, TimeUnit.MINUTES) == null) {
            throw new AssertionError("no executor's answer reached the shard within a minute");
        }
    }

    /** Runs {@code body} on the actor's thread and returns what it returns. */
    <R> R on(Function<Here<T>, R> body) throws Exception {
        CompletableFuture<R> result = new CompletableFuture<>();
        actor.tell(new Step<>(body, result));
        return result.get(1, TimeUnit.MINUTES);
    }
}
