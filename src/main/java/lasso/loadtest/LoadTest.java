package lasso.loadtest;

import lasso.api.LassoClient;
import lasso.api.v1.Job;
import lasso.api.v1.LassoGrpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A load test: open-loop steps of rising rate against one or more Lasso servers (the API nodes of a
 * cluster, {@code HOST:PORT[,HOST:PORT…]}: one channel over them, whose round-robin balancer spreads
 * the calls). With a latency bound, rising stops at the first step outside it, and the rate between
 * the last step within it and that one is narrowed down by bisection.
 *
 * @param tls     how to speak TLS to the servers; null for plaintext
 * @param rates   the offered rates, jobs per second, in the order run
 * @param slo     the p99 bound; empty to run every rate
 * @param warmup  an unreported step at the first rate before the others (JIT, caches, model loading)
 * @param refine  extra steps of bisection once a step is outside the bound
 */
public record LoadTest(String endpoints, String token, LassoClient.Tls tls, List<Job> jobs, List<Double> rates,
                       Arrivals.Kind arrivals,
                       Duration step, Duration drain, Duration warmup, Optional<Duration> slo, int refine, long seed) {

    public LoadTest {
        jobs = List.copyOf(jobs);
        rates = List.copyOf(rates);
        if (jobs.isEmpty() || rates.isEmpty()) {
            throw new IllegalArgumentException("a load test needs jobs and rates");
        }
        if (step.isNegative() || step.isZero() || drain.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("a step lasts a positive time and the drain a non-negative one");
        }
    }

    /** The steps run, and the highest rate within the bound. */
    public record Outcome(List<StepResult> steps, Optional<Double> bestWithinSlo) {
    }

    /** Runs the steps, telling {@code progress} about each one as it ends. */
    public Outcome run(Consumer<StepResult> progress) throws InterruptedException {
        try (LassoClient client = LassoClient.connect(endpoints, token, 64 << 20, tls)) {
            LassoGrpc.LassoStub stub = client.async();
            if (!warmup.isZero()) {
                new LoadStep(stub, jobs, new LoadStep.Plan(rates.get(0), arrivals, warmup, drain, seed - 1, "warmup"))
                        .run();
            }
            List<StepResult> steps = new ArrayList<>();
            double within = -1;
            double outside = -1;
            for (double rate : rates) {
                StepResult result = step(stub, rate, steps.size());
                steps.add(result);
                progress.accept(result);
                if (slo.isPresent()) {
                    if (result.within(slo.get().toMillis())) {
                        within = Math.max(within, rate);
                    } else {
                        outside = rate;
                        break;
                    }
                }
            }
            if (slo.isPresent() && outside > 0) {
                double low = within > 0 ? within : 0;
                for (int i = 0; i < refine && outside - low > 0.5; i++) {
                    double rate = Math.round((low + outside) / 2 * 10) / 10.0;
                    StepResult result = step(stub, rate, steps.size());
                    steps.add(result);
                    progress.accept(result);
                    if (result.within(slo.get().toMillis())) {
                        low = rate;
                        within = Math.max(within, rate);
                    } else {
                        outside = rate;
                    }
                }
            }
            return new Outcome(steps, within > 0 ? Optional.of(within) : Optional.empty());
        }
    }

    private StepResult step(LassoGrpc.LassoStub stub, double rate, int index) throws InterruptedException {
        return new LoadStep(stub, jobs, new LoadStep.Plan(rate, arrivals, step, drain, seed + index,
                "load-" + index)).run();
    }
}
