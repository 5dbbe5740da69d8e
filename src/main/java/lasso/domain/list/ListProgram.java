package lasso.domain.list;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A straight-line program: typed inputs, then statements; its output is the last statement's
 * variable. Constructing one type-checks it, so every instance is well-formed.
 */
public record ListProgram(List<Type> inputs, List<Statement> statements) {

    public static final int MAX_INPUTS = 3;
    /** Variables are named a..z in the Microsoft form, so inputs plus statements stay within 26. */
    public static final int MAX_VARIABLES = 26;

    public ListProgram {
        inputs = List.copyOf(inputs);
        statements = List.copyOf(statements);
        if (inputs.isEmpty() || inputs.size() > MAX_INPUTS) {
            throw new IllegalArgumentException("a program has 1 to " + MAX_INPUTS + " inputs, not " + inputs.size());
        }
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("a program needs at least one statement");
        }
        if (inputs.size() + statements.size() > MAX_VARIABLES) {
            throw new IllegalArgumentException("a program has at most " + MAX_VARIABLES + " variables");
        }
        List<Type> types = new ArrayList<>(inputs);
        for (int s = 0; s < statements.size(); s++) {
            Statement statement = statements.get(s);
            List<Type> expected = statement.operator().arguments();
            for (int i = 0; i < expected.size(); i++) {
                int variable = statement.argument(i);
                if (variable < 0 || variable >= types.size()) {
                    throw new IllegalArgumentException("statement " + (s + 1) + " (" + statement.operator()
                            + ") uses variable " + variable + ", which is not defined before it");
                }
                if (types.get(variable) != expected.get(i)) {
                    throw new IllegalArgumentException("statement " + (s + 1) + " (" + statement.operator()
                            + ") needs " + expected.get(i).msName() + " as argument " + (i + 1) + ", but variable "
                            + variable + " is " + types.get(variable).msName());
                }
            }
            types.add(statement.operator().output());
        }
    }

    public ListProgram(List<Type> inputs, Statement... statements) {
        this(inputs, List.of(statements));
    }

    /** The types of all variables: inputs, then statement results. */
    public List<Type> types() {
        List<Type> types = new ArrayList<>(inputs);
        for (Statement statement : statements) {
            types.add(statement.operator().output());
        }
        return types;
    }

    public int variables() {
        return inputs.size() + statements.size();
    }

    public Type outputType() {
        return statements.get(statements.size() - 1).operator().output();
    }

    public int length() {
        return statements.size();
    }

    /** The functions and lambdas that appear in the program. */
    public Set<Attribute> attributes() {
        Set<Attribute> attributes = EnumSet.noneOf(Attribute.class);
        for (Statement statement : statements) {
            attributes.add(statement.operator().function());
            if (statement.operator().lambda() != null) {
                attributes.add(statement.operator().lambda());
            }
        }
        return attributes;
    }

    /** The 34-bit attribute vector in {@link Attribute} order. */
    public int[] attributeVector() {
        int[] vector = new int[Attribute.COUNT_ALL];
        for (Attribute attribute : attributes()) {
            vector[attribute.ordinal()] = 1;
        }
        return vector;
    }

    /** Whether every input and every statement but the last is used by a later statement. */
    public boolean usesEveryVariable() {
        boolean[] used = new boolean[variables()];
        for (Statement statement : statements) {
            for (int argument : statement.arguments()) {
                used[argument] = true;
            }
        }
        for (int v = 0; v < used.length - 1; v++) {
            if (!used[v]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return ListSyntax.printPrefix(this);
    }
}
