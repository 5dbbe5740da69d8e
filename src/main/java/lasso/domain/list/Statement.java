package lasso.domain.list;

import java.util.List;

/**
 * One statement: an operator applied to earlier variables (inputs first, then the results of
 * earlier statements, numbered from 0), binding a fresh variable.
 */
public record Statement(Operator operator, List<Integer> arguments) {

    public Statement {
        arguments = List.copyOf(arguments);
        if (arguments.size() != operator.arity()) {
            throw new IllegalArgumentException(operator + " takes " + operator.arity() + " arguments, not "
                    + arguments.size());
        }
    }

    public static Statement of(Operator operator, Integer... arguments) {
        return new Statement(operator, List.of(arguments));
    }

    public int argument(int i) {
        return arguments.get(i);
    }
}
