package lasso.runtime;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import com.typesafe.config.Config;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * This node's bound on the programs its jobs hold ({@code lasso.limits.max-held-programs}): every
 * program a job evaluated stays in the seen set of the frontier shard that owns it (a fingerprint),
 * and the valid ones in its frontier, for as long as the job runs. The bound is shared out equally
 * among the frontier shards open on this node (a job has as many on each node, so this is a share per
 * job); a shard that holds its share ends its job with {@code MEMORY_BUDGET}. Shares shrink as jobs
 * come and grow as they end, so a job alone may use the whole bound, and a job that a newcomer's
 * arrival puts over its new share ends at its next report, its best program kept.
 */
final class HeldPrograms implements Extension {

    private static final ExtensionId<HeldPrograms> ID = new ExtensionId<>() {
        @Override
        public HeldPrograms createExtension(ActorSystem<?> system) {
            return new HeldPrograms(bound(system.settings().config(), Runtime.getRuntime().maxMemory()));
        }
    };

    private final long bound;
    private final AtomicInteger shards = new AtomicInteger();

    HeldPrograms(long bound) {
        this.bound = bound;
    }

    static HeldPrograms get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /**
     * {@code lasso.limits.max-held-programs}: a number, or {@code auto} for
     * {@code held-programs-heap-fraction} of the heap ({@code maxHeap}) at {@code held-program-bytes} each.
     */
    static long bound(Config config, long maxHeap) {
        Config limits = config.getConfig("lasso.limits");
        String value = limits.getString("max-held-programs");
        long bound;
        if (value.equals("auto")) {
            double fraction = limits.getDouble("held-programs-heap-fraction");
            long bytes = limits.getBytes("held-program-bytes");
            if (fraction <= 0 || fraction > 1 || bytes < 1) {
                throw new IllegalArgumentException("lasso.limits.held-programs-heap-fraction must be in (0, 1] and "
                        + "held-program-bytes positive, not " + fraction + " and " + bytes);
            }
            bound = (long) (maxHeap * fraction / bytes);
        } else {
            bound = limits.getLong("max-held-programs");
        }
        if (bound < 1) {
            throw new IllegalArgumentException("lasso.limits.max-held-programs must be auto or positive: " + value);
        }
        return bound;
    }

    /** The note of a job that a full shard ended: what the client reads next to {@code MEMORY_BUDGET}. */
    static String reached(long held, long share) {
        return "memory budget: " + held + " programs held; a frontier shard reached its share (" + share
                + " programs) of its node's lasso.limits.max-held-programs";
    }

    /** The node's bound. */
    long bound() {
        return bound;
    }

    /** Frontier shards open on this node. */
    int shards() {
        return shards.get();
    }

    /** A shard opens: its share, until it is {@link Share#close closed}. */
    Share open() {
        shards.incrementAndGet();
        return new Share();
    }

    /** One shard's share of the bound: the bound over the shards open now, at least one program. */
    final class Share implements LongSupplier, AutoCloseable {

        private final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public long getAsLong() {
            return Math.max(1, bound / Math.max(1, shards.get()));
        }

        /** The shard is gone; closing twice counts once. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                shards.decrementAndGet();
            }
        }
    }
}
