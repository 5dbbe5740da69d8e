package lasso.domain.list;

import lasso.domain.Mutator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Mutations of a straight-line program; every mutant type-checks (it is a {@link ListProgram}).
 *
 * <ul>
 *   <li>{@code replace-function}: another operator with the same signature (SORT → REVERSE, MAP(+1) → FILTER(>0));</li>
 *   <li>{@code replace-lambda}: the same higher-order function with another lambda;</li>
 *   <li>{@code replace-argument}: another earlier variable of the same type;</li>
 *   <li>{@code insert-statement}: a list → list statement inserted on one list argument;</li>
 *   <li>{@code delete-statement}: a statement removed, its uses redirected to an earlier variable of its type.</li>
 * </ul>
 */
public final class ListMutator implements Mutator<ListProgram> {

    static final List<String> OPERATORS = List.of("replace-function", "replace-lambda", "replace-argument",
            "insert-statement", "delete-statement");

    /** The longest mutation chain {@link #mutateChain} draws. */
    static final int MAX_CHAIN = 3;

    private static final List<Operator> LIST_TO_LIST = Operator.all().stream()
            .filter(op -> op.arity() == 1 && op.arguments().get(0) == Type.LIST && op.output() == Type.LIST)
            .toList();

    @Override
    public List<String> operators() {
        return OPERATORS;
    }

    @Override
    public Optional<ListProgram> mutate(ListProgram program, RandomGenerator random) {
        List<String> order = new ArrayList<>(OPERATORS);
        // Try the operators in random order so that one that does not apply never blocks the others.
        for (int left = order.size(); left > 0; left--) {
            String name = order.remove(random.nextInt(left));
            Optional<ListProgram> mutant = apply(name, program, random);
            if (mutant.isPresent() && !mutant.get().equals(program)) {
                return mutant;
            }
        }
        return Optional.empty();
    }

    /** One mutation of the named kind, or empty if it does not apply to this program. */
    public Optional<ListProgram> apply(String name, ListProgram program, RandomGenerator random) {
        return switch (name) {
            case "replace-function" -> replaceOperator(program, random, false);
            case "replace-lambda" -> replaceOperator(program, random, true);
            case "replace-argument" -> replaceArgument(program, random);
            case "insert-statement" -> insert(program, random);
            case "delete-statement" -> delete(program, random);
            default -> throw new IllegalArgumentException("unknown mutation '" + name + "' (known: " + OPERATORS + ")");
        };
    }

    @Override
    public Optional<ListProgram> mutateChain(ListProgram program, RandomGenerator random) {
        int steps = 1 + random.nextInt(MAX_CHAIN);
        Set<ListProgram> seen = new HashSet<>();
        seen.add(program);
        ListProgram current = program;
        for (int step = 0; step < steps; step++) {
            Optional<ListProgram> next = Optional.empty();
            for (int tries = 0; tries < 10 && next.isEmpty(); tries++) {
                next = mutate(current, random).filter(p -> !seen.contains(p));
            }
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next.get();
            seen.add(current);
        }
        return Optional.of(current);
    }

    private static Optional<ListProgram> replaceOperator(ListProgram program, RandomGenerator random, boolean lambdaOnly) {
        List<Statement> statements = program.statements();
        int s = random.nextInt(statements.size());
        Operator old = statements.get(s).operator();
        List<Operator> choices = Operator.all().stream()
                .filter(op -> op != old && op.arguments().equals(old.arguments()) && op.output() == old.output())
                .filter(op -> lambdaOnly ? op.function() == old.function() : op.function() != old.function())
                .toList();
        if (choices.isEmpty()) {
            return Optional.empty();
        }
        Operator replacement = choices.get(random.nextInt(choices.size()));
        return Optional.of(with(program, s, new Statement(replacement, statements.get(s).arguments())));
    }

    private static Optional<ListProgram> replaceArgument(ListProgram program, RandomGenerator random) {
        List<Type> types = program.types();
        int s = random.nextInt(program.length());
        Statement statement = program.statements().get(s);
        int i = random.nextInt(statement.operator().arity());
        int old = statement.argument(i);
        int defined = program.inputs().size() + s;
        List<Integer> choices = new ArrayList<>();
        for (int v = 0; v < defined; v++) {
            if (v != old && types.get(v) == types.get(old)) {
                choices.add(v);
            }
        }
        if (choices.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> arguments = new ArrayList<>(statement.arguments());
        arguments.set(i, choices.get(random.nextInt(choices.size())));
        return Optional.of(with(program, s, new Statement(statement.operator(), arguments)));
    }

    private static Optional<ListProgram> insert(ListProgram program, RandomGenerator random) {
        if (program.variables() >= ListProgram.MAX_VARIABLES) {
            return Optional.empty();
        }
        List<Type> types = program.types();
        int s = random.nextInt(program.length());
        Statement statement = program.statements().get(s);
        List<Integer> listArguments = new ArrayList<>();
        for (int i = 0; i < statement.operator().arity(); i++) {
            if (types.get(statement.argument(i)) == Type.LIST) {
                listArguments.add(i);
            }
        }
        if (listArguments.isEmpty()) {
            return Optional.empty();
        }
        int i = listArguments.get(random.nextInt(listArguments.size()));
        int position = program.inputs().size() + s; // the new statement's variable
        Statement inserted = Statement.of(LIST_TO_LIST.get(random.nextInt(LIST_TO_LIST.size())), statement.argument(i));
        List<Statement> statements = new ArrayList<>();
        for (int t = 0; t < program.length(); t++) {
            Statement current = program.statements().get(t);
            if (t == s) {
                statements.add(inserted);
            }
            List<Integer> arguments = new ArrayList<>();
            for (int argument : current.arguments()) {
                arguments.add(argument >= position ? argument + 1 : argument);
            }
            if (t == s) {
                arguments.set(i, position);
            }
            statements.add(new Statement(current.operator(), arguments));
        }
        return Optional.of(new ListProgram(program.inputs(), statements));
    }

    private static Optional<ListProgram> delete(ListProgram program, RandomGenerator random) {
        if (program.length() < 2) {
            return Optional.empty();
        }
        List<Type> types = program.types();
        int s = random.nextInt(program.length());
        int removed = program.inputs().size() + s;
        List<Integer> substitutes = new ArrayList<>();
        for (int v = 0; v < removed; v++) {
            if (types.get(v) == types.get(removed)) {
                substitutes.add(v);
            }
        }
        boolean used = false;
        for (Statement statement : program.statements()) {
            used |= statement.arguments().contains(removed);
        }
        if (used && substitutes.isEmpty()) {
            return Optional.empty();
        }
        int substitute = substitutes.isEmpty() ? -1 : substitutes.get(random.nextInt(substitutes.size()));
        List<Statement> statements = new ArrayList<>();
        for (int t = 0; t < program.length(); t++) {
            if (t == s) {
                continue;
            }
            Statement current = program.statements().get(t);
            List<Integer> arguments = new ArrayList<>();
            for (int argument : current.arguments()) {
                arguments.add(argument == removed ? substitute : argument > removed ? argument - 1 : argument);
            }
            statements.add(new Statement(current.operator(), arguments));
        }
        return Optional.of(new ListProgram(program.inputs(), statements));
    }

    private static ListProgram with(ListProgram program, int s, Statement statement) {
        List<Statement> statements = new ArrayList<>(program.statements());
        statements.set(s, statement);
        return new ListProgram(program.inputs(), statements);
    }
}
