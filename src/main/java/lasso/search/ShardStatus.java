package lasso.search;

import java.util.List;

/**
 * What an {@link AsyncShard} tells its job's {@link AsyncSearch}: counters since the job began (so a
 * late status never undoes a newer one's news), credit asked for or given back since the last status,
 * and its best programs.
 *
 * @param busy          whether it has work it can do now (evaluations in flight, expansions going,
 *                      candidates or frontier programs it holds credit for)
 * @param received      candidate messages received
 * @param sentTo        candidate messages sent to each shard (itself included)
 * @param grants        grants received
 * @param evaluated     distinct programs given to evaluation (the evaluation credit spent)
 * @param expansions    programs expanded (edits received from the debugger)
 * @param proposed      candidates received, duplicates included
 * @param fromSynthesizer candidates received from the synthesizer, duplicates included
 * @param backlog       candidates it holds that are new and not yet evaluated (waiting or in evaluation)
 * @param frontier      programs in its part of the frontier
 * @param askEvaluations evaluation credit asked for since the last status
 * @param askExpansions  expansion credit asked for since the last status
 * @param returnedEvaluations unused evaluation credit given back since the last status
 * @param returnedExpansions  unused expansion credit given back since the last status
 * @param best          its best valid program (null if none)
 * @param solution      a program that passes every given example (null if none)
 * @param held          distinct programs it holds (its seen set; its frontier and waiting candidates are part of it)
 * @param share         the most programs it may hold, its share of its node's bound ({@link Long#MAX_VALUE}: none)
 */
public record ShardStatus<P>(boolean busy, long received, List<Long> sentTo, long grants, long evaluated,
                             long expansions, long proposed, long fromSynthesizer, int backlog, int frontier, long askEvaluations, long askExpansions,
                             long returnedEvaluations, long returnedExpansions, Evaluated<P> best,
                             Evaluated<P> solution, long held, long share) {

    public ShardStatus {
        sentTo = List.copyOf(sentTo);
    }

    /** Whether it holds its share of programs or more: the job must end. */
    public boolean full() {
        return held >= share;
    }

    /** Whether it asks for or gives back credit. */
    public boolean moves() {
        return askEvaluations > 0 || askExpansions > 0 || returnedEvaluations > 0 || returnedExpansions > 0;
    }
}
