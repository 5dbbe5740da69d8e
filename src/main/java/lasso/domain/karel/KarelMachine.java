package lasso.domain.karel;

import lasso.domain.Outcome;
import lasso.domain.Trace;
import lasso.domain.TraceEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs compiled Karel programs. One machine per thread, reused for every run: the world lives in
 * primitive arrays, the program is a flat int array ({@link KarelCode}), and a run allocates nothing
 * (Aeron-style tight loop). After {@link #run} the machine holds the result: the status, the final
 * world, and the executed actions (the failing one last).
 *
 * <p>Typical hot use: {@code machine.run(program, input) == OK && machine.outputEquals(expected)}.
 */
public final class KarelMachine {

    public static final int OK = 0;
    /** An action failed: a move into a wall, a pick from an empty cell, a put onto a full cell. */
    public static final int CRASH = 1;
    /** The step budget ran out. */
    public static final int TIMEOUT = 2;

    private static final int CANVAS = 18 * 18;

    private final KarelRules rules;
    private final byte[] cells = new byte[CANVAS];
    private final int[] delta = new int[4];
    private final byte[] actions;
    private int[] counters = new int[16];

    private int rows;
    private int cols;
    private int length;
    private int hero;
    private int direction;
    private int status;
    private int steps;
    private int actionCount;
    /** Where the last run crashed: the action, the hero's cell and heading, the markers there, its number. */
    private int failedAction;
    private int failedHero;
    private int failedDirection;
    private int failedMarkers;
    private int failedActionNumber;

    private TraceRecorder recorder;

    public KarelMachine(KarelRules rules) {
        this.rules = rules;
        this.actions = new byte[rules.maxSteps() + 2];
    }

    public KarelRules rules() {
        return rules;
    }

    /** Runs the program on the input and returns {@link #OK}, {@link #CRASH} or {@link #TIMEOUT}. */
    public int run(KarelProgram program, KarelGrid input) {
        return execute(program.code(), input);
    }

    /** Whether the program turns {@code input} into {@code expected}; allocates nothing. */
    public boolean passes(KarelProgram program, KarelGrid input, KarelGrid expected) {
        return execute(program.code(), input) == OK && outputEquals(expected);
    }

    private void load(KarelGrid input) {
        rows = input.rows();
        cols = input.cols();
        length = input.cells.length;
        System.arraycopy(input.cells, 0, cells, 0, length);
        int stride = cols + 2;
        delta[0] = stride;
        delta[1] = 1;
        delta[2] = -stride;
        delta[3] = -1;
        hero = input.heroIndex();
        direction = input.directionIndex();
    }

    private int execute(KarelCode program, KarelGrid input) {
        load(input);
        if (counters.length < program.slots) {
            counters = new int[program.slots * 2];
        }
        final int[] code = program.code;
        final int[] counters = this.counters;
        final byte[] cells = this.cells;
        final int[] delta = this.delta;
        final byte[] log = this.actions;
        final int max = rules.maxSteps();
        final int maxMarkers = rules.maxMarkers();
        final boolean budgetFirst = rules.budgetBeforeAction();
        final boolean exitStep = rules.repeatExitStep();
        int hero = this.hero;
        int dir = this.direction;
        int steps = 0;
        int count = 0;
        int pc = 0;
        int result = OK;
        run:
        for (;;) {
            final int op = code[pc];
            if (op <= 4) {
                if (budgetFirst && ++steps > max) {
                    result = TIMEOUT;
                    break;
                }
                log[count++] = (byte) op;
                switch (op) {
                    case 0 -> {
                        int next = hero + delta[dir];
                        if (cells[next] < 0) {
                            result = CRASH;
                            break run;
                        }
                        hero = next;
                    }
                    case 1 -> dir = (dir + 3) & 3;
                    case 2 -> dir = (dir + 1) & 3;
                    case 3 -> {
                        if (cells[hero] == 0) {
                            result = CRASH;
                            break run;
                        }
                        cells[hero]--;
                    }
                    default -> {
                        if (cells[hero] >= maxMarkers) {
                            result = CRASH;
                            break run;
                        }
                        cells[hero]++;
                    }
                }
                if (!budgetFirst && ++steps > max) {
                    result = TIMEOUT;
                    break;
                }
                pc += KarelCode.WIDTH;
                continue;
            }
            switch (op) {
                case KarelCode.IF, KarelCode.IFELSE, KarelCode.WHILE -> {
                    boolean value = test(code[pc + 1], cells, hero, dir, delta);
                    if (++steps > max) {
                        result = TIMEOUT;
                        break run;
                    }
                    pc = value ? pc + KarelCode.WIDTH : code[pc + 2];
                }
                case KarelCode.REPEAT_INIT -> {
                    counters[code[pc + 1]] = code[pc + 2];
                    pc += KarelCode.WIDTH;
                }
                case KarelCode.REPEAT_TEST -> {
                    int slot = code[pc + 1];
                    if (counters[slot] > 0) {
                        counters[slot]--;
                        if (++steps > max) {
                            result = TIMEOUT;
                            break run;
                        }
                        pc += KarelCode.WIDTH;
                    } else {
                        if (exitStep && ++steps > max) {
                            result = TIMEOUT;
                            break run;
                        }
                        pc = code[pc + 2];
                    }
                }
                case KarelCode.JUMP -> pc = code[pc + 1];
                default -> {
                    break run;
                }
            }
        }
        this.hero = hero;
        this.direction = dir;
        this.steps = steps;
        this.actionCount = count;
        this.status = result;
        if (result == CRASH) {
            noteCrash(code[pc], hero, dir, count);
        }
        return result;
    }

    private void noteCrash(int action, int hero, int dir, int number) {
        failedAction = action;
        failedHero = hero;
        failedDirection = dir;
        failedMarkers = cells[hero];
        failedActionNumber = number;
    }

    /** Evaluates a condition code ({@link Condition#code()}) on the world. */
    private static boolean test(int condition, byte[] cells, int hero, int dir, int[] delta) {
        boolean value = switch (condition & 7) {
            case 0 -> cells[hero + delta[dir]] >= 0;
            case 1 -> cells[hero + delta[(dir + 3) & 3]] >= 0;
            case 2 -> cells[hero + delta[(dir + 1) & 3]] >= 0;
            case 3 -> cells[hero] > 0;
            default -> cells[hero] == 0;
        };
        return value != (condition >= 8);
    }

    // ---- results of the last run ----

    /** {@link #OK}, {@link #CRASH} or {@link #TIMEOUT}. */
    public int status() {
        return status;
    }

    /** Steps counted by the rules (actions, tests, repeat iterations). */
    public int steps() {
        return steps;
    }

    /** Executed actions, the failing one included. */
    public int actionCount() {
        return actionCount;
    }

    public Action action(int index) {
        if (index < 0 || index >= actionCount) {
            throw new IndexOutOfBoundsException("action " + index + " of " + actionCount);
        }
        return Action.of(actions[index]);
    }

    public List<Action> actions() {
        List<Action> list = new ArrayList<>(actionCount);
        for (int i = 0; i < actionCount; i++) {
            list.add(Action.of(actions[i]));
        }
        return list;
    }

    /** Whether the world after the run equals {@code expected}; allocates nothing. */
    public boolean outputEquals(KarelGrid expected) {
        return expected.rows() == rows && expected.cols() == cols && expected.heroIndex() == hero
                && expected.directionIndex() == direction
                && Arrays.equals(cells, 0, length, expected.cells, 0, length);
    }

    /** The world after the run (for a failed run: just before the failing step). */
    public KarelGrid output() {
        return new KarelGrid(rows, cols, hero, direction, Arrays.copyOf(cells, length));
    }

    /** The outcome of the last run as the domain interface reports it. */
    public Outcome<KarelGrid> outcome() {
        return switch (status) {
            case OK -> Outcome.ok(output());
            case CRASH -> Outcome.error(failureWording());
            default -> Outcome.timeout(failureWording());
        };
    }

    /** Why the last run failed, for people; null if it did not. */
    public String failure() {
        return status == OK ? null : failureWording().get();
    }

    /**
     * The last failure's facts, captured now (the machine's next run overwrites them) and worded
     * when asked for.
     */
    private Supplier<String> failureWording() {
        KarelRules rules = this.rules;
        if (status == TIMEOUT) {
            return () -> "step budget exhausted: more than " + rules.maxSteps() + " steps (" + rules.name() + " rules)";
        }
        int stride = cols + 2;
        int hero = failedHero;
        int action = failedAction;
        int direction = failedDirection;
        int number = failedActionNumber;
        int markers = failedMarkers;
        return () -> {
            String at = (hero / stride - 1) + ":" + (hero % stride - 1);
            return switch (Action.of(action)) {
                case MOVE -> "move into a wall from " + at + " facing " + Direction.of(direction).json()
                        + " (action " + number + ")";
                case PICK_MARKER -> "pickMarker on an empty cell at " + at + " (action " + number + ")";
                default -> "putMarker on a cell with " + markers + " markers at " + at + " (at most "
                        + rules.maxMarkers() + " allowed, action " + number + ")";
            };
        };
    }

    // ---- traces ----

    /**
     * Runs the program and records what it did as SED's executor does with {@code record_trace}
     * (karel.md §6): the input and the world after every action, and one event per action, per test
     * and per repeat iteration (with the remaining count, down to a final 0). A failing action does not
     * stop the recording (SED runs on without it); the trace is then cut after the first failure,
     * and after a timeout at the {@code WHILE} with the longest current run of true tests (else the first
     * {@code REPEAT}), whose event is marked failed. The outcome is the one {@link #run} gives, and
     * afterwards {@link #status}, {@link #actions} and {@link #failure} describe the run as after
     * {@link #run}.
     */
    public Trace<KarelGrid> trace(KarelProgram program, KarelGrid input) {
        if (recorder == null) {
            // Every event but a GandRL repeat exit costs a step, and such an exit follows two or more
            // counted iterations, so a run has fewer than twice its step budget of events.
            recorder = new TraceRecorder(2 * (rules.maxSteps() + 2));
        }
        KarelCode code = program.code();
        record(code, input, recorder);
        return recorder.toTrace(code, input, this);
    }

    private void record(KarelCode program, KarelGrid input, TraceRecorder t) {
        load(input);
        if (counters.length < program.slots) {
            counters = new int[program.slots * 2];
        }
        t.reset(input);
        final int[] code = program.code;
        final int[] counters = this.counters;
        final byte[] cells = this.cells;
        final int[] delta = this.delta;
        final byte[] log = this.actions;
        final int max = rules.maxSteps();
        final int maxMarkers = rules.maxMarkers();
        final boolean budgetFirst = rules.budgetBeforeAction();
        final boolean exitStep = rules.repeatExitStep();
        int hero = this.hero;
        int dir = this.direction;
        int steps = 0;
        int pc = 0;
        int count = 0;
        int failedSteps = -1;
        for (;;) {
            final int op = code[pc];
            if (op <= 4) {
                if (budgetFirst && ++steps > max) {
                    t.timedOut = true;
                    break;
                }
                boolean success = true;
                switch (op) {
                    case 0 -> {
                        int next = hero + delta[dir];
                        if (cells[next] < 0) {
                            success = false;
                        } else {
                            hero = next;
                        }
                    }
                    case 1 -> dir = (dir + 3) & 3;
                    case 2 -> dir = (dir + 1) & 3;
                    case 3 -> {
                        if (cells[hero] == 0) {
                            success = false;
                        } else {
                            cells[hero]--;
                        }
                    }
                    default -> {
                        if (cells[hero] >= maxMarkers) {
                            success = false;
                        } else {
                            cells[hero]++;
                        }
                    }
                }
                if (failedSteps < 0) {
                    log[count++] = (byte) op;
                    if (!success) {
                        failedSteps = steps;
                        noteCrash(op, hero, dir, count);
                    }
                }
                t.event(pc, 0, success);
                t.grid(rows, cols, cells, length, hero, dir);
                if (!budgetFirst && ++steps > max) {
                    t.timedOut = true;
                    break;
                }
                pc += KarelCode.WIDTH;
                continue;
            }
            if (op == KarelCode.IF || op == KarelCode.IFELSE || op == KarelCode.WHILE) {
                boolean value = test(code[pc + 1], cells, hero, dir, delta);
                t.event(pc, value ? 1 : 0, true);
                if (++steps > max) {
                    t.timedOut = true;
                    break;
                }
                pc = value ? pc + KarelCode.WIDTH : code[pc + 2];
            } else if (op == KarelCode.REPEAT_INIT) {
                counters[code[pc + 1]] = code[pc + 2];
                pc += KarelCode.WIDTH;
            } else if (op == KarelCode.REPEAT_TEST) {
                int slot = code[pc + 1];
                int remaining = counters[slot];
                t.event(pc, remaining, true);
                if (remaining > 0) {
                    counters[slot] = remaining - 1;
                    if (++steps > max) {
                        t.timedOut = true;
                        break;
                    }
                    pc += KarelCode.WIDTH;
                } else {
                    if (exitStep && ++steps > max) {
                        t.timedOut = true;
                        break;
                    }
                    pc = code[pc + 2];
                }
            } else if (op == KarelCode.JUMP) {
                pc = code[pc + 1];
            } else {
                break;
            }
        }
        // The run's own result: the first crash wins over a later timeout, as in a strict run.
        this.hero = hero;
        this.direction = dir;
        this.actionCount = count;
        this.steps = failedSteps >= 0 ? failedSteps : steps;
        this.status = failedSteps >= 0 ? CRASH : t.timedOut ? TIMEOUT : OK;
    }

    /** A traced run's events and worlds, in arrays reused from run to run. */
    private static final class TraceRecorder {
        final int[] eventPc;
        final int[] eventTimestep;
        final int[] eventValue;
        final boolean[] eventSuccess;
        final KarelGrid[] grids;
        int events;
        int gridCount;
        boolean timedOut;

        TraceRecorder(int capacity) {
            eventPc = new int[capacity];
            eventTimestep = new int[capacity];
            eventValue = new int[capacity];
            eventSuccess = new boolean[capacity];
            grids = new KarelGrid[capacity + 1];
        }

        void reset(KarelGrid input) {
            events = 0;
            gridCount = 1;
            grids[0] = input;
            timedOut = false;
        }

        void event(int pc, int value, boolean success) {
            eventPc[events] = pc;
            eventTimestep[events] = gridCount;
            eventValue[events] = value;
            eventSuccess[events] = success;
            events++;
        }

        void grid(int rows, int cols, byte[] cells, int length, int hero, int direction) {
            grids[gridCount++] = new KarelGrid(rows, cols, hero, direction, Arrays.copyOf(cells, length));
        }

        Trace<KarelGrid> toTrace(KarelCode code, KarelGrid input, KarelMachine machine) {
            int kept = events;
            int blamed = -1;
            boolean cut = timedOut;
            if (timedOut) {
                blamed = blameTimeout(code);
                kept = blamed + 1;
            } else {
                for (int i = 0; i < events; i++) {
                    if (!eventSuccess[i]) {
                        kept = i + 1;
                        cut = true;
                        break;
                    }
                }
            }
            // Cut after a failure: the worlds from the failing event's on are dropped.
            int keptGrids = cut ? eventTimestep[kept - 1] : gridCount;
            TraceEvent[] list = new TraceEvent[kept];
            for (int i = 0; i < kept; i++) {
                int pc = eventPc[i];
                int op = code.code[pc];
                int site = pc / KarelCode.WIDTH;
                boolean success = i != blamed && eventSuccess[i];
                Integer value = op <= 4 ? null : eventValue[i];
                list[i] = new TraceEvent(eventTimestep[i], KarelCode.EVENT_TYPES[op], code.spans[site],
                        code.conditionSpans[site], value, success);
            }
            Outcome<KarelGrid> outcome = machine.status == OK ? Outcome.ok(grids[gridCount - 1])
                    : machine.outcome();
            // List.of copies the array once and Trace keeps that list as it is.
            List<KarelGrid> states = List.of(Arrays.copyOf(grids, keptGrids));
            Arrays.fill(grids, 1, gridCount, null);
            return new Trace<>(states, List.of(list), outcome);
        }

        /**
         * SED's heuristic: the {@code WHILE} whose current run of true tests is longest (first seen
         * wins a tie) is blamed at the event that began that run; without one, the first
         * {@code REPEAT} event, or else the last event.
         */
        private int blameTimeout(KarelCode code) {
            Map<Integer, int[]> runs = new HashMap<>(); // while pc -> {current true run, index where it began}
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                int pc = eventPc[i];
                if (code.code[pc] != KarelCode.WHILE) {
                    continue;
                }
                int[] run = runs.get(pc);
                if (run == null) {
                    run = new int[] {0, -1};
                    runs.put(pc, run);
                    order.add(pc);
                }
                if (eventValue[i] != 0) {
                    if (run[0] == 0) {
                        run[1] = i;
                    }
                    run[0]++;
                } else {
                    run[0] = 0;
                }
            }
            int best = -1;
            int bestCount = 0;
            for (int pc : order) {
                int[] run = runs.get(pc);
                if (run[0] > bestCount) {
                    bestCount = run[0];
                    best = run[1];
                }
            }
            if (best >= 0) {
                return best;
            }
            for (int i = 0; i < events; i++) {
                if (code.code[eventPc[i]] == KarelCode.REPEAT_TEST) {
                    return i;
                }
            }
            return events - 1;
        }
    }
}
