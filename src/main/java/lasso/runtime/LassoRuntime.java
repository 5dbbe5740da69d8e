package lasso.runtime;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.MemberStatus;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import lasso.model.ModelDevice;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One Lasso node: an Akka cluster member whose roles decide what it hosts (see {@link Node}), and
 * the Java face of its job registry for the gRPC service and the command line. By default
 * ({@code configs/application.conf}) it is a one-node cluster that joins itself and has every role.
 */
public final class LassoRuntime implements AutoCloseable {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

    private final ActorSystem<Node.Command> system;
    private final RuntimeSettings settings;
    private final JobLimits limits;
    private final List<String> roles;
    private final ActorRef<JobRegistry.Command> registry;
    private final ActorRef<JobIndex.Command> index;
    private final Optional<HTTPServer> metrics;
    private final Duration submitTimeout;

    private LassoRuntime(ActorSystem<Node.Command> system, RuntimeSettings settings, JobLimits limits,
                         List<String> roles, ActorRef<JobRegistry.Command> registry, Optional<HTTPServer> metrics) {
        this.system = system;
        this.settings = settings;
        this.limits = limits;
        this.roles = List.copyOf(roles);
        this.registry = registry;
        this.index = registry == null ? null : system.systemActorOf(JobIndex.create(), "job-index", Props.empty());
        if (index != null) {
            system.systemActorOf(JobRevival.create(index), "job-revival", Props.empty());
        }
        this.metrics = metrics;
        this.submitTimeout = submitTimeout(system.settings().config());
    }

    /**
     * How long a caller waits for its submission's answer: longer than the registry waits for the
     * journal ({@link JobRegistry#journalTimeout}), so that a slow journal is answered with the
     * registry's refusal naming it, not with an ask timing out while the job may still be accepted.
     */
    static Duration submitTimeout(Config config) {
        return JobRegistry.journalTimeout(config).plus(Duration.ofSeconds(15));
    }

    /** The embedded node of {@code application.conf}. */
    public static LassoRuntime start() {
        return start(ConfigFactory.load());
    }

    /** A node configured by {@code config} (resolved, with Akka's and Lasso's defaults behind it). */
    public static LassoRuntime start(Config config) {
        config = AeronDirectories.assign(Journal.configure(config));
        RuntimeSettings settings = RuntimeSettings.from(config);
        JobLimits limits = JobLimits.from(config);
        Admission.Quotas.from(config); // a bad quota fails here, not in the registry actor
        // Aeron reads its buffer sizes from system properties when its media driver starts.
        if (config.hasPath("lasso.aeron.term-buffer-length") && System.getProperty("aeron.term.buffer.length") == null) {
            System.setProperty("aeron.term.buffer.length",
                    String.valueOf(config.getBytes("lasso.aeron.term-buffer-length")));
        }
        List<String> roles = config.getStringList("akka.cluster.roles");
        if (roles.contains(Node.MODEL) || roles.contains(Node.SYNTHESIZER) || roles.contains(Node.DEBUGGER)) {
            // The networks load lazily; a GPU that is not there must stop the node now, not its first job.
            String device = config.getString("lasso.model.device");
            ModelDevice.parse(device);
            System.setProperty(ModelDevice.PROPERTY, device);
        }
        ActorSystem<Node.Command> system = ActorSystem.create(Node.create(settings, roles),
                config.getString("lasso.cluster.system-name"), config);
        Optional<HTTPServer> metrics = Optional.empty();
        try {
            Journal.createSchema(system, ASK_TIMEOUT);
            Cluster cluster = Cluster.get(system);
            if (settings.joinSelf() && config.getStringList("akka.cluster.seed-nodes").isEmpty()
                    && !config.getBoolean("lasso.cluster.bootstrap")) {
                cluster.manager().tell(Join.create(cluster.selfMember().address()));
            }
            Management.start(system, config);
            metrics = MetricsExporter.start(config);
            Optional<ActorRef<JobRegistry.Command>> registry = AskPattern.<Node.Command,
                            Optional<ActorRef<JobRegistry.Command>>>ask(system, Node.Start::new, ASK_TIMEOUT,
                            system.scheduler())
                    .toCompletableFuture().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new LassoRuntime(system, settings, limits, roles, registry.orElse(null), metrics);
        } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
            metrics.ifPresent(HTTPServer::close);
            system.terminate();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("the node did not start: " + e, e);
        }
    }

    public RuntimeSettings settings() {
        return settings;
    }

    /** The largest job this node accepts ({@code lasso.limits}). */
    public JobLimits limits() {
        return limits;
    }

    public ActorSystem<?> system() {
        return system;
    }

    /** The port of this node's Prometheus metrics ({@code GET /metrics}); empty when they are off. */
    public Optional<Integer> metricsPort() {
        return metrics.map(HTTPServer::getPort);
    }

    /**
     * Loads and exercises the models this node's synthesizers and debuggers will use, on a thread of
     * its own (the node takes jobs meanwhile; they wait for the models as they would anyway).
     *
     * @return completes when every domain is warm; fails naming one that could not be
     */
    public CompletionStage<Void> warmUp() {
        return ModelWarmUp.start(settings, roles);
    }

    /** Waits until this node is an Up member of its cluster. */
    public void awaitUp(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Cluster cluster = Cluster.get(system);
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the node did not join its cluster within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Queues a job; it is accepted once journaled.
     *
     * @return its id; fails with {@link JobRefusedException} when the job is malformed, the node is
     *         at capacity or shutting down, or the journal did not confirm it
     */
    public CompletionStage<String> submit(JobSpec spec) {
        return submit(spec, null, "");
    }

    /** Queues a client's job, within the client's quota ({@code lasso.jobs.per-client}). */
    public CompletionStage<String> submit(JobSpec spec, String client) {
        return submit(spec, client, "");
    }

    /**
     * Queues a client's job.
     *
     * @param client the client's name (the API's: one per bearer token); null for an in-process caller
     * @param key    the client's idempotency key, "" for none: a second submission with the same
     *               client and key, on any node of the cluster, names the job the first one created
     */
    public CompletionStage<String> submit(JobSpec spec, String client, String key) {
        return AskPattern.<JobRegistry.Command, JobRegistry.Submitted>ask(registry(),
                        replyTo -> new JobRegistry.Submit(spec, client, key, replyTo), submitTimeout, system.scheduler())
                .thenApply(submitted -> {
                    if (!submitted.accepted()) {
                        throw new JobRefusedException(submitted.refusal(), submitted.message());
                    }
                    return submitted.jobId();
                });
    }

    /** The job's result, or its snapshot while queued or running; empty for an unknown id. Any node answers. */
    public CompletionStage<Optional<JobResult>> result(String jobId) {
        return job(jobId).<JobEntity.Lookup>ask(JobEntity.Get::new, ASK_TIMEOUT)
                .thenApply(lookup -> Optional.ofNullable(lookup.result()));
    }

    /** Cancels a job; completes with its final result (empty for an unknown id). */
    public CompletionStage<Optional<JobResult>> cancel(String jobId) {
        return job(jobId).<JobEntity.Lookup>ask(replyTo -> new JobEntity.Cancel("cancelled by request", replyTo),
                        ASK_TIMEOUT)
                .thenApply(lookup -> Optional.ofNullable(lookup.result()));
    }

    /** The job's entity; an empty id names none (Cluster Sharding drops messages to it). */
    private EntityRef<JobEntity.Command> job(String jobId) {
        return ClusterSharding.get(system).entityRefFor(JobEntity.TYPE_KEY, jobId.isEmpty() ? "-" : jobId);
    }

    /**
     * A page of the cluster's jobs, newest first (by submission): whichever API node accepted them,
     * from the journal ({@link JobIndex}), each as its entity answers now. A job shows about a second
     * after its submission; a page may hold fewer than {@code limit} jobs when some changed state
     * since the journal was read.
     *
     * @param before the {@code next} of the previous page ({@code Long.MAX_VALUE} for the first)
     * @param states only jobs in these states (all when empty)
     */
    public CompletionStage<Page> list(int limit, long before, Set<JobState> states) {
        registry();  // only API nodes list jobs
        return AskPattern.<JobIndex.Command, JobIndex.Found>ask(index,
                        replyTo -> new JobIndex.Find(limit, before, Set.copyOf(states), replyTo), ASK_TIMEOUT,
                        system.scheduler())
                .thenCompose(found -> {
                    if (found.failure() != null) {
                        return CompletableFuture.failedFuture(new IllegalStateException(
                                "the journal could not be read: " + found.failure().getMessage(), found.failure()));
                    }
                    List<CompletableFuture<Optional<JobResult>>> jobs = found.jobIds().stream()
                            .map(id -> result(id).toCompletableFuture()).toList();
                    return CompletableFuture.allOf(jobs.toArray(CompletableFuture[]::new)).thenApply(done ->
                            new Page(jobs.stream().flatMap(job -> job.join().stream())
                                    .filter(job -> states.isEmpty() || states.contains(job.state())).toList(),
                                    found.next()));
                });
    }

    /** A page of jobs; {@code next} is the {@code before} of the next page, or -1 on the last one. */
    public record Page(List<JobResult> jobs, long next) {
    }

    /**
     * Watches a job: {@code listener} gets its state now, each later snapshot and, last, the result
     * (in order, on an actor's thread, one at a time). Nothing comes for an unknown id. When the
     * job's node is lost, the watch follows the job to the node that takes it over.
     */
    public Watch watch(String jobId, Consumer<JobResult> listener) {
        CompletableFuture<Optional<JobResult>> current = new CompletableFuture<>();
        ActorRef<Object> watcher = system.systemActorOf(JobWatcher.create(job(jobId), current, listener),
                "watch-" + UUID.randomUUID(), Props.empty());
        return new Watch(current, () -> watcher.tell(new JobWatcher.Stop()));
    }

    /**
     * A watch in progress.
     *
     * @param current the job's state when the watch began; empty for an unknown id (then nothing follows)
     * @param stop    ends the watch early
     */
    public record Watch(CompletionStage<Optional<JobResult>> current, Runnable stop) {
    }

    /** Submits a job and completes with its final result. */
    public CompletionStage<JobResult> solve(JobSpec spec) {
        return submit(spec).thenCompose(this::awaitResult);
    }

    /** Completes with the job's final result. */
    public CompletionStage<JobResult> awaitResult(String jobId) {
        CompletableFuture<JobResult> result = new CompletableFuture<>();
        Watch watch = watch(jobId, snapshot -> {
            if (snapshot.state().isFinal()) {
                result.complete(snapshot);
            }
        });
        watch.current().whenComplete((current, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (current.isEmpty()) {
                result.completeExceptionally(new IllegalArgumentException("unknown job " + jobId));
            }
        });
        return result;
    }

    /**
     * Refuses new jobs; then, as {@code lasso.jobs.on-close} says, either cancels the jobs this node
     * admitted and completes with how many once each has its result, or leaves them to the cluster
     * and the journal (0).
     */
    public CompletionStage<Integer> closeJobs(String message, Duration timeout) {
        return AskPattern.<JobRegistry.Command, JobRegistry.Closed>ask(registry(),
                        replyTo -> new JobRegistry.Close(message, !settings.handOverOnClose(), replyTo), timeout,
                        system.scheduler())
                .thenApply(JobRegistry.Closed::cancelled);
    }

    private ActorRef<JobRegistry.Command> registry() {
        if (registry == null) {
            throw new IllegalStateException("this node has no 'api' role: it runs no jobs of its own");
        }
        return registry;
    }

    /**
     * Closes the node's admission ({@link #closeJobs}: its jobs are cancelled, or handed over), leaves
     * the cluster (Cluster Sharding moves the jobs and shards it held to the other nodes) and stops.
     */
    @Override
    public void close() {
        try {
            if (registry != null) {
                closeJobs("the server is shutting down", ASK_TIMEOUT).toCompletableFuture()
                        .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            system.log().warn("jobs still running at shutdown: {}", e.toString());
        } finally {
            metrics.ifPresent(HTTPServer::close);
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                system.log().warn("the node did not stop cleanly: {}", e.toString());
            }
        }
    }
}
