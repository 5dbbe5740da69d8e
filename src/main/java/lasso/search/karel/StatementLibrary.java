package lasso.search.karel;

import lasso.domain.karel.Action;
import lasso.domain.karel.Condition;
import lasso.domain.karel.KarelProgram;
import lasso.domain.karel.Statement;

import java.util.ArrayList;
import java.util.List;

/**
 * Every statement of the Karel grammar (karel.md §1.3) up to a size, by token count, made on first
 * use and shared by all jobs: actions; {@code REPEAT R=2..10}, {@code WHILE}, {@code IF} and
 * {@code IFELSE} over the data set's eight conditions (the five tests and "not" of the three
 * "is clear" tests) with bodies that are sequences of smaller statements. Blocks that undo a turn at
 * once ({@code turnLeft turnRight}) are left out: a shorter block does the same.
 */
public final class StatementLibrary {

    /** Largest statement, in tokens. */
    static final int MAX_STATEMENT_TOKENS = 9;

    /** A statement, the one-statement program that runs it, and its size in tokens. */
    public record Entry(Statement statement, KarelProgram program, int size) {
    }

    private final List<List<Entry>> statements = new ArrayList<>();
    private final List<List<List<Statement>>> blocks = new ArrayList<>();

    public StatementLibrary() {
        statements.add(List.of());
        blocks.add(List.of(List.of()));
    }

    /** The statements of exactly {@code size} tokens (none above the maximum). */
    public synchronized List<Entry> ofSize(int size) {
        if (size < 1 || size > MAX_STATEMENT_TOKENS) {
            return List.of();
        }
        while (statements.size() <= size) {
            int next = statements.size();
            statements.add(build(next));
            blocks.add(buildBlocks(next));
        }
        return statements.get(size);
    }

    private List<Entry> build(int size) {
        List<Statement> made = new ArrayList<>();
        if (size == 1) {
            made.addAll(List.of(Action.values()));
        }
        for (List<Statement> body : nonEmptyBlocks(size - 4)) {
            for (int times = Statement.MIN_REPEAT; times <= Statement.MAX_REPEAT; times++) {
                made.add(new Statement.Repeat(times, body));
            }
        }
        for (Condition condition : Condition.MUTATION_CHOICES) {
            int conditionSize = condition.negated() ? 4 : 1;
            for (List<Statement> body : nonEmptyBlocks(size - 5 - conditionSize)) {
                made.add(new Statement.While(condition, body));
                made.add(new Statement.If(condition, body));
            }
            for (int thenSize = 1; thenSize <= size - 8 - conditionSize - 1; thenSize++) {
                for (List<Statement> then : nonEmptyBlocks(thenSize)) {
                    for (List<Statement> otherwise : nonEmptyBlocks(size - 8 - conditionSize - thenSize)) {
                        made.add(new Statement.IfElse(condition, then, otherwise));
                    }
                }
            }
        }
        List<Entry> entries = new ArrayList<>(made.size());
        for (Statement statement : made) {
            entries.add(new Entry(statement, KarelProgram.of(statement), size));
        }
        return List.copyOf(entries);
    }

    /** Sequences of statements of {@code size} tokens in all (one empty sequence for 0). */
    private List<List<Statement>> buildBlocks(int size) {
        List<List<Statement>> made = new ArrayList<>();
        for (int first = 1; first <= size; first++) {
            for (Entry head : statements.get(first)) {
                for (List<Statement> tail : blocks.get(size - first)) {
                    if (!tail.isEmpty() && undoes(head.statement(), tail.get(0))) {
                        continue;
                    }
                    List<Statement> block = new ArrayList<>(tail.size() + 1);
                    block.add(head.statement());
                    block.addAll(tail);
                    made.add(List.copyOf(block));
                }
            }
        }
        return made;
    }

    private List<List<Statement>> nonEmptyBlocks(int size) {
        return size < 1 || size >= blocks.size() ? List.of() : blocks.get(size);
    }

    private static boolean undoes(Statement first, Statement second) {
        return (first == Action.TURN_LEFT && second == Action.TURN_RIGHT)
                || (first == Action.TURN_RIGHT && second == Action.TURN_LEFT);
    }
}
