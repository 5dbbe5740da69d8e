package lasso.domain;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Generates tasks on several threads, deterministically for a seed: task {@code i} is drawn from its
 * own random stream (seed and index mixed), so the result does not depend on the thread count, and
 * tasks are delivered in index order.
 */
public final class TaskGeneration {

    /** Attempts per task before giving up: a generator whose filters reject everything is a bug. */
    private static final int MAX_ATTEMPTS = 1_000_000;
    private static final int CHUNK = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskGeneration() {
    }

    /** A generated task with its index and id. */
    public record Numbered<P, I, O>(long index, String id, TaskGenerator.Generated<P, I, O> task) {
    }

    /**
     * Generates {@code count} tasks and hands them to {@code sink} in index order, on the calling
     * thread.
     *
     * @param threads worker threads (1 runs everything on the calling thread)
     */
    public static <P, I, O> void generate(TaskGenerator<P, I, O> generator, long count, long seed, int threads,
                                          Consumer<Numbered<P, I, O>> sink) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        if (threads <= 1) {
            for (long i = 0; i < count; i++) {
                sink.accept(one(generator, seed, i));
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "task-generation");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (long start = 0; start < count; start += CHUNK) {
                List<Future<Numbered<P, I, O>>> chunk = new ArrayList<>(CHUNK);
                for (long i = start; i < Math.min(count, start + CHUNK); i++) {
                    long index = i;
                    chunk.add(pool.submit(() -> one(generator, seed, index)));
                }
                for (Future<Numbered<P, I, O>> future : chunk) {
                    sink.accept(future.get());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("task generation interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("task generation failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Generates {@code count} tasks into a task file in the domain's format (the {@code generate}
     * command, the benchmark's evaluation sets), calling {@code step} after each task.
     */
    public static <P, I, O> void writeFile(Domain<P, I, O> domain, TaskGenerator<P, I, O> generator, long count,
                                           long seed, int threads, Path out, Runnable step) throws IOException {
        TaskFormat<I, O> format = domain.taskFormat();
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            try {
                generate(generator, count, seed, threads, numbered -> {
                    Task<I, O> task = new Task<>(numbered.id(), domain.print(numbered.task().program()),
                            numbered.task().examples());
                    try {
                        writer.write(JSON.writeValueAsString(format.write(task)));
                        writer.newLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    step.run();
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    /** Task {@code index} of the run seeded with {@code seed}. */
    public static <P, I, O> Numbered<P, I, O> one(TaskGenerator<P, I, O> generator, long seed, long index) {
        long stream = mix(seed, index);
        SplittableRandom random = new SplittableRandom(stream);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            var task = generator.attempt(random);
            if (task.isPresent()) {
                return new Numbered<>(index, String.format("%016x", stream), task.get());
            }
        }
        throw new IllegalStateException("no task accepted after " + MAX_ATTEMPTS + " attempts (index " + index + ")");
    }

    /** SplitMix64 finaliser over the seed and index, so that neighbouring streams are unrelated. */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
