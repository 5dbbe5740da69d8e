package lasso.runtime;

import com.typesafe.config.Config;

import java.util.HashMap;
import java.util.Map;

/**
 * Which jobs a node takes and which may start: its capacity ({@code lasso.jobs.max-running},
 * {@code max-queued}) and each client's quota ({@code lasso.jobs.per-client}). A client is a name
 * the API gives (one per bearer token, one for every caller without a token); jobs submitted
 * in-process have no client and answer to the node's capacity only. Pure bookkeeping, so that the
 * registry (and later a sharded one) only asks and tells.
 */
final class Admission {

    record Quotas(int maxRunning, int maxQueued, int clientRunning, int clientQueued) {

        Quotas {
            if (maxRunning < 1 || maxQueued < 0 || clientRunning < 1 || clientQueued < 0) {
                throw new IllegalArgumentException("lasso.jobs: max-running and per-client.max-running must be positive, "
                        + "the queues not negative: " + this);
            }
        }

        static Quotas from(Config config) {
            Config jobs = config.getConfig("lasso.jobs");
            return new Quotas(jobs.getInt("max-running"), jobs.getInt("max-queued"),
                    jobs.getInt("per-client.max-running"), jobs.getInt("per-client.max-queued"));
        }
    }

    private final Quotas quotas;
    private int running;
    private int queued;
    private final Map<String, Integer> runningOf = new HashMap<>();
    private final Map<String, Integer> queuedOf = new HashMap<>();

    Admission(Quotas quotas) {
        this.quotas = quotas;
    }

    Quotas quotas() {
        return quotas;
    }

    int running() {
        return running;
    }

    int queued() {
        return queued;
    }

    /** Why a new job of {@code client} cannot be taken now (a message naming the limit), or null. */
    String refusal(String client) {
        if (mayStart(client)) {
            return null;
        }
        boolean clientQueueFull = client != null && count(queuedOf, client) >= quotas.clientQueued();
        if (queued < quotas.maxQueued() && !clientQueueFull) {
            return null;
        }
        if (queued >= quotas.maxQueued()) {
            return "the server is at capacity: " + running + " jobs running and " + queued + " queued; try again later";
        }
        return "client " + client + " is at its quota: " + count(runningOf, client) + " jobs running (lasso.jobs.per-client"
                + ".max-running = " + quotas.clientRunning() + ") and " + count(queuedOf, client) + " queued (lasso.jobs"
                + ".per-client.max-queued = " + quotas.clientQueued() + "); try again when one ends";
    }

    /** Whether a job of {@code client} may start now: a slot is free and the client is within its quota. */
    boolean mayStart(String client) {
        return running < quotas.maxRunning() && (client == null || count(runningOf, client) < quotas.clientRunning());
    }

    void enqueued(String client) {
        queued++;
        add(queuedOf, client, 1);
    }

    void dequeued(String client) {
        queued--;
        add(queuedOf, client, -1);
    }

    void started(String client) {
        running++;
        add(runningOf, client, 1);
    }

    void ended(String client) {
        running--;
        add(runningOf, client, -1);
    }

    private static int count(Map<String, Integer> counts, String client) {
        return counts.getOrDefault(client, 0);
    }

    private static void add(Map<String, Integer> counts, String client, int delta) {
        if (client != null) {
            counts.merge(client, delta, (a, b) -> a + b == 0 ? null : a + b);
        }
    }
}
