package lasso.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** Progress bars on stderr, one style for every command. */
final class Progress {

    private Progress() {
    }

    static ProgressBar bar(String task, long total) {
        return builder(task, total).build();
    }

    /**
     * A bar that picks up at {@code done} of {@code total} (a training's stretch between validations): its
     * speed and ETA count the steps from there, not from 0 in the stretch's seconds.
     */
    static ProgressBar barFrom(String task, long total, long done) {
        return builder(task, total).startsFrom(done, Duration.ZERO).build();
    }

    static ProgressBarBuilder builder(String task, long total) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setMaxRenderedLength(100)
                .showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS)
                .continuousUpdate();
    }
}
