package lasso.domain.karel;

import java.util.List;

/**
 * A statement of a Karel program: an {@link Action} or one of the four compound statements. Every
 * block is non-empty and a repeat count is 2..10, as in the data set's grammar (karel.md §1.3), so
 * every value here prints to a program that parses.
 */
public sealed interface Statement permits Action, Statement.Repeat, Statement.While, Statement.If,
        Statement.IfElse {

    int MIN_REPEAT = 2;
    int MAX_REPEAT = 10;

    /** {@code REPEAT R=times r( body r)}. */
    record Repeat(int times, List<Statement> body) implements Statement {
        public Repeat {
            if (times < MIN_REPEAT || times > MAX_REPEAT) {
                throw new IllegalArgumentException("repeat count " + times + " is outside 2..10");
            }
            body = block(body, "repeat");
        }
    }

    /** {@code WHILE c( condition c) w( body w)}. */
    record While(Condition condition, List<Statement> body) implements Statement {
        public While {
            requireCondition(condition, "while");
            body = block(body, "while");
        }
    }

    /** {@code IF c( condition c) i( body i)}. */
    record If(Condition condition, List<Statement> body) implements Statement {
        public If {
            requireCondition(condition, "if");
            body = block(body, "if");
        }
    }

    /** {@code IFELSE c( condition c) i( thenBody i) ELSE e( elseBody e)}. */
    record IfElse(Condition condition, List<Statement> thenBody, List<Statement> elseBody) implements Statement {
        public IfElse {
            requireCondition(condition, "ifelse");
            thenBody = block(thenBody, "ifelse's then");
            elseBody = block(elseBody, "ifelse's else");
        }
    }

    private static List<Statement> block(List<Statement> body, String what) {
        if (body == null || body.isEmpty()) {
            throw new IllegalArgumentException("a " + what + " block must not be empty");
        }
        return List.copyOf(body);
    }

    private static void requireCondition(Condition condition, String what) {
        if (condition == null) {
            throw new IllegalArgumentException("a " + what + " needs a condition");
        }
    }
}
