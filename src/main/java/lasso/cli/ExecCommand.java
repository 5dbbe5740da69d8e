package lasso.cli;

import lasso.domain.TaskFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;

@Command(name = "exec",
        mixinStandardHelpOptions = true,
        description = {
                "Runs each task's program on each example's input.",
                "Prints one JSON line per example with its status (ok, or the domain's failure kinds) and "
                        + "its output. A program that does not parse gives one syntax_error line; bad lines "
                        + "are reported on stderr and the rest of the file is still processed."})
final class ExecCommand implements Callable<Integer> {

    @Mixin
    TaskFileOptions input;

    @Override
    public Integer call() throws IOException {
        return exec(input.domain.taskFormat());
    }

    private <I, O> int exec(TaskFormat<I, O> format) throws IOException {
        PrintStream out = System.out;
        int bad = JsonLines.forEachTask(input.tasks, format, System.err,
                task -> format.exec(task).forEach(record -> JsonLines.print(out, record)));
        out.flush();
        return bad == 0 ? 0 : 1;
    }
}
