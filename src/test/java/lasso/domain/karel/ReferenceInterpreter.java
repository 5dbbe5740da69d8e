package lasso.domain.karel;

import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately plain interpreter written from karel.md §3 (a tree walk over a mutable grid copy),
 * used to cross-check the compiled {@link KarelMachine} on random programs and worlds.
 */
final class ReferenceInterpreter {

    enum Status { OK, CRASH, TIMEOUT }

    record Result(Status status, List<Action> actions, int steps, int heroRow, int heroCol, int direction, int[][] markers) {
    }

    private static final class Stop extends RuntimeException {
        final Status status;

        Stop(Status status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    private final KarelRules rules;
    private int rows;
    private int cols;
    private boolean[][] blocked;
    private int[][] markers;
    private int row;
    private int col;
    private int direction;
    private int steps;
    private List<Action> actions;

    ReferenceInterpreter(KarelRules rules) {
        this.rules = rules;
    }

    Result run(KarelProgram program, KarelGrid grid) {
        rows = grid.rows();
        cols = grid.cols();
        blocked = new boolean[rows][cols];
        markers = new int[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                blocked[r][c] = grid.blocked(r, c);
                markers[r][c] = grid.markers(r, c);
            }
        }
        row = grid.heroRow();
        col = grid.heroCol();
        direction = grid.heroDirection().ordinal();
        steps = 0;
        actions = new ArrayList<>();
        Status status = Status.OK;
        try {
            block(program.body());
        } catch (Stop stop) {
            status = stop.status;
        }
        return new Result(status, actions, steps, row, col, direction, markers);
    }

    private void step() {
        steps++;
        if (steps > rules.maxSteps()) {
            throw new Stop(Status.TIMEOUT);
        }
    }

    private void block(List<Statement> block) {
        for (Statement statement : block) {
            if (statement instanceof Action action) {
                act(action);
            } else if (statement instanceof Statement.Repeat repeat) {
                for (int i = 0; i < repeat.times(); i++) {
                    step();
                    block(repeat.body());
                }
                if (rules.repeatExitStep()) {
                    step();
                }
            } else if (statement instanceof Statement.While loop) {
                while (true) {
                    boolean value = holds(loop.condition());
                    step();
                    if (!value) {
                        break;
                    }
                    block(loop.body());
                }
            } else if (statement instanceof Statement.If branch) {
                boolean value = holds(branch.condition());
                step();
                if (value) {
                    block(branch.body());
                }
            } else if (statement instanceof Statement.IfElse branch) {
                boolean value = holds(branch.condition());
                step();
                block(value ? branch.thenBody() : branch.elseBody());
            }
        }
    }

    private void act(Action action) {
        if (rules.budgetBeforeAction()) {
            step();
        }
        actions.add(action);
        switch (action) {
            case MOVE -> {
                int[] next = neighbour(direction);
                if (!clear(next[0], next[1])) {
                    throw new Stop(Status.CRASH);
                }
                row = next[0];
                col = next[1];
            }
            case TURN_LEFT -> direction = (direction + 3) % 4;
            case TURN_RIGHT -> direction = (direction + 1) % 4;
            case PICK_MARKER -> {
                if (markers[row][col] == 0) {
                    throw new Stop(Status.CRASH);
                }
                markers[row][col]--;
            }
            case PUT_MARKER -> {
                if (markers[row][col] >= rules.maxMarkers()) {
                    throw new Stop(Status.CRASH);
                }
                markers[row][col]++;
            }
        }
        if (!rules.budgetBeforeAction()) {
            step();
        }
    }

    private int[] neighbour(int heading) {
        return switch (heading) {
            case 0 -> new int[] {row + 1, col};
            case 1 -> new int[] {row, col + 1};
            case 2 -> new int[] {row - 1, col};
            default -> new int[] {row, col - 1};
        };
    }

    private boolean clear(int r, int c) {
        return r >= 0 && r < rows && c >= 0 && c < cols && !blocked[r][c];
    }

    private boolean holds(Condition condition) {
        boolean value = switch (condition.sensor()) {
            case FRONT_IS_CLEAR -> clearAt(direction);
            case LEFT_IS_CLEAR -> clearAt((direction + 3) % 4);
            case RIGHT_IS_CLEAR -> clearAt((direction + 1) % 4);
            case MARKERS_PRESENT -> markers[row][col] > 0;
            case NO_MARKERS_PRESENT -> markers[row][col] == 0;
        };
        return value != condition.negated();
    }

    private boolean clearAt(int heading) {
        int[] next = neighbour(heading);
        return clear(next[0], next[1]);
    }
}
