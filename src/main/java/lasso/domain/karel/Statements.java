package lasso.domain.karel;

import java.util.List;

/** Structural helpers over statements that every walk of a program shares. */
final class Statements {

    private Statements() {
    }

    /** The blocks a statement holds, in token order (none for an action). */
    static List<List<Statement>> blocks(Statement statement) {
        if (statement instanceof Statement.Repeat repeat) {
            return List.of(repeat.body());
        } else if (statement instanceof Statement.While loop) {
            return List.of(loop.body());
        } else if (statement instanceof Statement.If branch) {
            return List.of(branch.body());
        } else if (statement instanceof Statement.IfElse branch) {
            return List.of(branch.thenBody(), branch.elseBody());
        }
        return List.of();
    }
}
