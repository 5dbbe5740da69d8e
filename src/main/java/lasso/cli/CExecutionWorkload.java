package lasso.cli;

import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.domain.c.CArray;
import lasso.domain.c.CDomain;
import lasso.domain.c.CProgram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The restricted-C hot path: the interpreter running generated programs on their inputs, as a
 * search scores candidates. One unit is one program run on one input list.
 */
final class CExecutionWorkload implements PerfCommand.Workload {

    static final int PROGRAMS = 256;
    static final long SEED = 1;

    private final Domain<CProgram, CArray, CArray> domain = new CDomain();
    private final List<CProgram> programs = new ArrayList<>();
    private final List<List<CArray>> inputs = new ArrayList<>();
    private long steps;
    private int checksum;

    CExecutionWorkload() {
        TaskGenerator<CProgram, CArray, CArray> generator = domain.generator(Map.of());
        for (int i = 0; i < PROGRAMS; i++) {
            TaskGenerator.Generated<CProgram, CArray, CArray> task = TaskGeneration.one(generator, SEED, i).task();
            programs.add(task.program());
            inputs.add(task.examples().stream().map(Example::input).toList());
        }
        for (int i = 0; i < PROGRAMS; i++) {
            for (CArray input : inputs.get(i)) {
                steps += domain.trace(programs.get(i), input).events().size();
            }
        }
    }

    @Override
    public String unit() {
        return "executions";
    }

    @Override
    public String describe() {
        int runs = inputs.stream().mapToInt(List::size).sum();
        return String.format("c: %d generated programs (seed %d, default generator) x their %d inputs, "
                + "%.1f steps per execution on average; Domain.run on one thread", PROGRAMS, SEED, runs / PROGRAMS,
                (double) steps / runs);
    }

    @Override
    public long runBatch() {
        long runs = 0;
        int sum = checksum;
        for (int i = 0; i < PROGRAMS; i++) {
            CProgram program = programs.get(i);
            for (CArray input : inputs.get(i)) {
                sum += domain.run(program, input).hashCode();
                runs++;
            }
        }
        checksum = sum; // the results are used, so the runs cannot be optimised away
        return runs;
    }
}
