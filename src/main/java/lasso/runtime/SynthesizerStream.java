package lasso.runtime;

import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.Receptionist;
import lasso.search.Candidate;
import lasso.search.Proposal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's candidate stream as its coordinator pulls it from one synthesizer: the candidates not yet
 * taken, fetched ahead (up to {@code ahead} of them), so that each batch the search takes is exactly
 * the next {@code count} however the synthesizer cut its answers. The job keeps its synthesizer (its
 * stream lives there): one of the coordinator's node when there is one (the candidates keep their
 * parsed form), else one chosen by the job's id; when it leaves, the stream starts again elsewhere.
 */
final class SynthesizerStream {

    private final String jobId;
    private final JobSpec spec;
    private final int ahead;
    private final ActorRef<Synthesizer.Proposed> replyTo;
    private final ArrayDeque<Candidate<Program>> proposed = new ArrayDeque<>();
    private List<ActorRef<Synthesizer.Command>> synthesizers = List.of();
    private ActorRef<Synthesizer.Command> synthesizer;
    private long request;
    private long sentNanos = -1;
    private boolean exhausted;

    SynthesizerStream(String jobId, JobSpec spec, int ahead, ActorRef<Synthesizer.Proposed> replyTo) {
        this.jobId = jobId;
        this.spec = spec;
        this.ahead = ahead;
        this.replyTo = replyTo;
    }

    /** The synthesizers listed now. */
    void listed(Receptionist.Listing listing) {
        synthesizers = ExecutorBatches.local(listing.getServiceInstances(Synthesizer.SERVICE_KEY));
        if (synthesizer != null && !synthesizers.contains(synthesizer)) {
            // The job's stream was lost with its synthesizer: it comes from another from now on, started
            // again; the frontier shards' seen-sets drop what was already evaluated.
            synthesizer = null;
            sentNanos = -1;
        }
    }

    boolean available() {
        return !synthesizers.isEmpty();
    }

    /** Whether the next {@code count} candidates (all that is left, at the stream's end) are at hand. */
    boolean has(int count) {
        return proposed.size() >= count || exhausted;
    }

    /** Whether a request is unanswered. */
    boolean asking() {
        return sentNanos >= 0;
    }

    /** The next {@code count} candidates of the stream (all that is left at its end). */
    Proposal<Program> take(int count) {
        List<Candidate<Program>> batch = new ArrayList<>(Math.min(count, proposed.size()));
        while (batch.size() < count && !proposed.isEmpty()) {
            batch.add(proposed.poll());
        }
        return new Proposal<>(batch, exhausted && proposed.isEmpty());
    }

    /** Asks the synthesizer for more when fewer than {@code ahead} candidates are at hand. */
    void request() {
        int wanted = ahead - proposed.size();
        if (sentNanos >= 0 || exhausted || wanted <= 0 || synthesizers.isEmpty()) {
            return;
        }
        if (synthesizer == null) {
            synthesizer = synthesizers.get(Math.floorMod(jobId.hashCode(), synthesizers.size()));
            // An earlier attempt's stream may still be open there: this attempt starts from the beginning.
            synthesizer.tell(new Synthesizer.Close(jobId));
        }
        request++;
        sentNanos = System.nanoTime();
        synthesizer.tell(new Synthesizer.Propose(jobId, spec, request, wanted, replyTo));
    }

    /**
     * An answer: its candidates join the stream (a late answer to an earlier request is dropped).
     *
     * @return the synthesizer's error, or null
     */
    String answered(Synthesizer.Proposed answer) {
        if (answer.request() != request || sentNanos < 0) {
            return null;
        }
        sentNanos = -1;
        if (answer.error() != null) {
            return answer.error();
        }
        proposed.addAll(answer.candidates());
        exhausted |= answer.exhausted();
        request();
        return null;
    }

    /** Whether a request has been unanswered for longer than {@code timeoutNanos}. */
    boolean late(long now, long timeoutNanos) {
        return sentNanos >= 0 && now - sentNanos > timeoutNanos;
    }

    /** Closes the job's stream at its synthesizer. */
    void close() {
        if (synthesizer != null) {
            synthesizer.tell(new Synthesizer.Close(jobId));
        }
    }
}
