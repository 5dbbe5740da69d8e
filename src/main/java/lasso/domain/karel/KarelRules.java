package lasso.domain.karel;

/**
 * The execution rules of one reference interpreter (karel.md §3): how many steps a run may take, how
 * steps are counted and how many markers a cell may take.
 *
 * @param name               {@code near} or {@code gandrl}
 * @param maxSteps           steps a run may complete; the next one ends it with a timeout
 * @param repeatExitStep     whether leaving a {@code REPEAT} costs a step (NEAR/SED) or not (GandRL)
 * @param maxMarkers         a {@code putMarker} that would put more markers on a cell crashes
 * @param budgetBeforeAction whether an action's step is counted before the action can crash (GandRL:
 *                           the tick limit wins and the action is not listed) or after it (NEAR/SED:
 *                           the crash wins)
 */
public record KarelRules(String name, int maxSteps, boolean repeatExitStep, int maxMarkers,
                         boolean budgetBeforeAction) {

    /** NEAR/SED's action limit for evaluation. */
    public static final int NEAR_ACTION_LIMIT = 1000;
    /** GandRL's {@code max_ticks} in evaluation. */
    public static final int GANDRL_MAX_TICKS = 200;

    public KarelRules {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be positive: " + maxSteps);
        }
        if (maxMarkers < 1 || maxMarkers > KarelGrid.MAX_MARKERS) {
            throw new IllegalArgumentException("maxMarkers must be within 1.." + KarelGrid.MAX_MARKERS);
        }
    }

    /** NEAR/SED {@code KarelExecutor(action_limit=1000)}: 999 steps pass, the 1,000th fails. */
    public static KarelRules near() {
        return near(NEAR_ACTION_LIMIT);
    }

    /**
     * NEAR/SED with another action limit (SED's mutation data used 250): one step per action, per
     * if/ifelse/while test and per repeat iteration plus one on leaving the repeat; the step that
     * reaches {@code actionLimit} fails; {@code putMarker} on 9 markers crashes.
     */
    public static KarelRules near(int actionLimit) {
        return new KarelRules("near", actionLimit - 1, true, 9, false);
    }

    /**
     * GandRL's {@code FastEmulator(max_ticks=200)}: one tick per action, per test and per repeat
     * iteration (none on exit); 200 ticks pass, the 201st fails. GandRL's emulator accepts up to 101
     * markers on a cell, but its own 16-channel tensor cannot hold more than 10, so here a
     * {@code putMarker} onto 10 markers crashes.
     */
    public static KarelRules gandrl() {
        return new KarelRules("gandrl", GANDRL_MAX_TICKS, false, KarelGrid.MAX_MARKERS, true);
    }

    /** The rules with this name: {@code near} or {@code gandrl}. */
    public static KarelRules named(String name) {
        return switch (name) {
            case "near" -> near();
            case "gandrl" -> gandrl();
            default -> throw new IllegalArgumentException("unknown Karel rules '" + name + "' (known: near, gandrl)");
        };
    }
}
