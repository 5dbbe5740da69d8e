package lasso.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a coordinator of a {@link PartitionedSearch} has of the current round while its shards live
 * elsewhere and answer by message, in any order: the synthesizer's proposal, the edits of each
 * expansion (by its slot, its place in {@link Round#expand()}), and after the round's last part the
 * shards' fresh candidates (when the budget may end inside the round, {@link #hold()}) or their reports.
 * Answers of another round, of a phase that is over, or repeated are ignored.
 */
public final class RoundAnswers<P> {

    /** Gathering the proposal and the edits, waiting for the shards' fresh candidates, or for their reports. */
    public enum Phase { GATHER, FRESH, REPORT }

    /** One shard's part of a round's expansions: the programs it owns and their slots. */
    public record ShardExpansions<P>(List<Integer> slots, List<Expansion<P>> expansions) {
    }

    private final Round<P> round;
    private final int shards;
    private final List<List<Candidate<P>>> edits;
    private int editsMissing;
    private Phase phase = Phase.GATHER;
    private Proposal<P> proposal;
    private boolean proposalOffered;
    private boolean hold;
    private List<List<Admitted<P>>> fresh;
    private int freshMissing;

    public RoundAnswers(Round<P> round, int shards) {
        this.round = round;
        this.shards = shards;
        this.edits = new ArrayList<>(Collections.nCopies(round.expand().size(), null));
        this.editsMissing = round.expand().size();
    }

    public Round<P> round() {
        return round;
    }

    public Phase phase() {
        return phase;
    }

    /** The round's expansions by the shard that owns each program (an empty part for a shard with none). */
    public List<ShardExpansions<P>> byShard() {
        List<ShardExpansions<P>> parts = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            parts.add(new ShardExpansions<>(new ArrayList<>(), new ArrayList<>()));
        }
        for (int slot = 0; slot < round.expand().size(); slot++) {
            Expansion<P> expansion = round.expand().get(slot);
            parts.get(expansion.shard()).slots().add(slot);
            parts.get(expansion.shard()).expansions().add(expansion);
        }
        return parts;
    }

    /** The round asks the synthesizer for candidates, and they have not come yet. */
    public boolean needsProposal() {
        return round.propose() > 0 && proposal == null;
    }

    public void proposal(Proposal<P> proposal) {
        this.proposal = proposal;
    }

    /** The synthesizer's candidates (null when the round asked for none). */
    public Proposal<P> proposal() {
        return proposal;
    }

    /** The proposal is in (or none was asked for) and not yet sent to the shards. */
    public boolean proposalReady() {
        return !proposalOffered && (round.propose() == 0 || proposal != null);
    }

    /** The proposal went to the shards; {@code hold}: the budget may end in this round, the shards wait for the cut. */
    public void proposalOffered(boolean hold) {
        this.proposalOffered = true;
        this.hold = hold;
    }

    public boolean hold() {
        return hold;
    }

    /** Everything the round's last part needs is in: the proposal was offered and every expansion's edits came. */
    public boolean gathered() {
        return proposalOffered && editsMissing == 0;
    }

    /** Each expansion's edits, by slot. */
    public List<List<Candidate<P>>> edits() {
        return edits;
    }

    /** The round's last part went to the shards: their fresh candidates come next, or their reports. */
    public void lastPartOffered() {
        phase = hold ? Phase.FRESH : Phase.REPORT;
        fresh = new ArrayList<>(Collections.nCopies(shards, null));
        freshMissing = shards;
    }

    /** The edits of the expansion in {@code slot} of round {@code number}; false if ignored. */
    public boolean expanded(long number, int slot, List<Candidate<P>> slotEdits) {
        if (phase != Phase.GATHER || number != round.number() || edits.get(slot) != null) {
            return false;
        }
        edits.set(slot, slotEdits);
        editsMissing--;
        return true;
    }

    /**
     * A shard's fresh candidates of round {@code number}; true when they were the last ones
     * missing: the phase is then {@link Phase#REPORT}, and the shards are to keep up to the cut.
     */
    public boolean freshFrom(long number, int shard, List<Admitted<P>> candidates) {
        if (phase != Phase.FRESH || number != round.number() || fresh.get(shard) != null) {
            return false;
        }
        fresh.set(shard, candidates);
        if (--freshMissing > 0) {
            return false;
        }
        phase = Phase.REPORT;
        return true;
    }

    /** Every shard's fresh candidates, by shard (complete once {@link #freshFrom} said so). */
    public List<List<Admitted<P>>> fresh() {
        return fresh;
    }

    /** A report of round {@code number} is awaited now. */
    public boolean reporting(long number) {
        return phase == Phase.REPORT && number == round.number();
    }

    /** The coordinator waits for the shards (not for the synthesizer alone). */
    public boolean awaitingShards() {
        return phase != Phase.GATHER || editsMissing > 0;
    }
}
