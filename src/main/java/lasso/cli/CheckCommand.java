package lasso.cli;

import lasso.domain.TaskFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;

@Command(name = "check",
        mixinStandardHelpOptions = true,
        description = {
                "Checks that each task's own program satisfies its own examples.",
                "Prints passed/total per task (with what differed), then a summary line. "
                        + "Exits 0 only if every example of every task passed."})
final class CheckCommand implements Callable<Integer> {

    @Mixin
    TaskFileOptions input;

    @Override
    public Integer call() throws IOException {
        return check(input.domain.taskFormat());
    }

    private <I, O> int check(TaskFormat<I, O> format) throws IOException {
        PrintStream out = System.out;
        int[] totals = new int[4]; // tasks, fully passed tasks, passed examples, examples
        int bad = JsonLines.forEachTask(input.tasks, format, System.err, task -> {
            TaskFormat.CheckResult result = format.check(task);
            out.println(task.id() + " " + result.passed() + "/" + result.total());
            result.problems().forEach(problem -> out.println("  " + problem));
            totals[0]++;
            totals[1] += result.passed() == result.total() ? 1 : 0;
            totals[2] += result.passed();
            totals[3] += result.total();
        });
        out.printf("tasks: %d, all examples passed: %d/%d, examples passed: %d/%d, unreadable lines: %d%n",
                totals[0], totals[1], totals[0], totals[2], totals[3], bad);
        return bad == 0 && totals[1] == totals[0] ? 0 : 1;
    }
}
