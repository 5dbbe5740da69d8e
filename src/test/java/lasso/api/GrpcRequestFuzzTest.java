package lasso.api;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import lasso.api.v1.CancelRequest;
import lasso.api.v1.Example;
import lasso.api.v1.GetResultRequest;
import lasso.api.v1.IntList;
import lasso.api.v1.IntListExample;
import lasso.api.v1.Job;
import lasso.api.v1.KarelCell;
import lasso.api.v1.KarelExample;
import lasso.api.v1.KarelGrid;
import lasso.api.v1.KarelHero;
import lasso.api.v1.KarelMarkers;
import lasso.api.v1.LassoGrpc;
import lasso.api.v1.ListExample;
import lasso.api.v1.ListValue;
import lasso.api.v1.SearchOptions;
import lasso.api.v1.SubmitRequest;
import lasso.api.v1.WatchRequest;
import lasso.domain.Task;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.domain.Domains;
import lasso.runtime.LassoRuntime;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random requests at the service, in-process, on a node without executors (an accepted job costs no
 * search; it is cancelled at once): sizes around the limits, numbers at the edges of their types,
 * wrong kinds, long strings. Every call is answered OK or with a status that names the caller's
 * mistake (never INTERNAL or UNKNOWN), with a bounded message.
 */
class GrpcRequestFuzzTest {

    private static final Set<Status.Code> CALLER_ERRORS = EnumSet.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.NOT_FOUND);
    private static final long[] LONGS = {0, 1, -1, 2, 100, 600_000, 600_001, 4096, 4097, Integer.MAX_VALUE,
            Integer.MIN_VALUE, 1L << 30, 1_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE};
    private static final int[] INTS = {0, 1, -1, 2, 4, 5, 16, 17, 255, 256, -256, -257, 1 << 30, Integer.MAX_VALUE,
            Integer.MIN_VALUE};

    /** A few real jobs per domain, whose examples the random ones borrow. */
    private static final Map<String, List<Job>> REAL = new HashMap<>();
    private static LassoRuntime runtime;
    private static LassoServer server;
    private static ManagedChannel channel;
    private static LassoGrpc.LassoBlockingStub service;

    @BeforeContainer
    static void start() throws Exception {
        for (lasso.domain.Domain<?, ?, ?> domain : Domains.all()) {
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                jobs.add(realJob(domain.name(), domain.generator(Map.of()), i));
            }
            REAL.put(domain.name(), jobs);
        }
        runtime = LassoRuntime.start(ConfigFactory.parseString(
                "lasso.workers.executors = 0, lasso.jobs.max-queued = 100, lasso.limits.max-examples = 30")
                .withFallback(ConfigFactory.load()));
        String name = InProcessServerBuilder.generateName();
        server = new LassoServer(InProcessServerBuilder.forName(name), runtime,
                new ApiSettings("127.0.0.1", 0, 16 << 20, "")).start();
        channel = InProcessChannelBuilder.forName(name).build();
        service = LassoGrpc.newBlockingStub(channel);
    }

    @AfterContainer
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.stop(Duration.ofSeconds(5));
        runtime.close();
    }

    @Property(tries = 150)
    void everySubmitIsAcceptedOrRefusedNamingTheCallersMistake(@ForAll Random random) {
        Job job = job(random);
        try {
            String jobId = service.submit(SubmitRequest.newBuilder().setJob(job).build()).getJobId();
            service.cancel(CancelRequest.newBuilder().setJobId(jobId).build());
            Statistics.collect(Status.Code.OK);
        } catch (StatusRuntimeException e) {
            check(e, () -> job.toString().substring(0, Math.min(300, job.toString().length())));
            Statistics.collect(e.getStatus().getCode());
        }
    }

    @Property(tries = 60)
    void everyJobIdIsFoundOrRefused(@ForAll Random random) {
        String jobId = string(random);
        for (Runnable call : new Runnable[] {
                () -> service.getResult(GetResultRequest.newBuilder().setJobId(jobId).build()),
                () -> service.cancel(CancelRequest.newBuilder().setJobId(jobId).build()),
                () -> service.watch(WatchRequest.newBuilder().setJobId(jobId).build()).next()}) {
            try {
                call.run();
            } catch (StatusRuntimeException e) {
                check(e, () -> jobId.substring(0, Math.min(100, jobId.length())));
            }
        }
    }

    private static void check(StatusRuntimeException e, Supplier<String> request) {
        assertTrue(CALLER_ERRORS.contains(e.getStatus().getCode()), () -> e.getStatus() + " for " + request.get());
        String description = String.valueOf(e.getStatus().getDescription());
        assertTrue(description.length() <= Statuses.MAX_DESCRIPTION, description.length() + " characters");
    }

    /** Half the jobs are real ones with a part made hostile or none; the others are hostile throughout. */
    private static Job job(Random random) {
        boolean hostile = random.nextBoolean();
        String domain = switch (random.nextInt(hostile ? 8 : 7)) {
            case 1, 2 -> "karel";
            case 3, 4 -> "c";
            case 7 -> string(random);
            default -> "list";
        };
        Job.Builder job = Job.newBuilder().setDomain(domain);
        List<Job> real = REAL.getOrDefault(domain, REAL.get("list"));
        Job borrowed = real.get(random.nextInt(real.size()));
        int given = hostile ? pick(random, 0, 1, 5, 29, 30, 31, 200) : borrowed.getGivenCount();
        for (int i = 0; i < given; i++) {
            job.addGiven(hostile && random.nextInt(4) == 0 ? example(random) : borrowed.getGiven(i % borrowed.getGivenCount()));
        }
        for (int i = hostile ? pick(random, 0, 1, 3) : 0; i > 0; i--) {
            job.addHeldout(random.nextInt(4) == 0 ? example(random) : borrowed.getGiven(i % borrowed.getGivenCount()));
        }
        if (random.nextBoolean()) {
            job.setLabel(hostile ? string(random) : "label");
        }
        SearchOptions.Builder options = SearchOptions.newBuilder();
        if (hostile && random.nextBoolean()) {
            options.setStrategyValue(random.nextInt(6) - 1);
            options.setMaxExpansions(longs(random)).setMaxEvaluated(longs(random)).setDeadlineMillis(longs(random))
                    .setBatchSize(ints(random)).setEditsPerExpansion(ints(random)).setSeed(longs(random));
        }
        return job.setOptions(options).build();
    }

    private static <P, I, O> Job realJob(String domain, TaskGenerator<P, I, O> generator, int index) {
        TaskGenerator.Generated<P, I, O> task = TaskGeneration.one(generator, 11, index).task();
        return JobRequests.toJob(domain, new Task<>("t", "", task.examples()), SearchOptions.getDefaultInstance());
    }

    /** An example of a random kind with random contents. */
    private static Example example(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Example.newBuilder().setKarel(KarelExample.newBuilder().setInput(grid(random)).setOutput(grid(random)))
                    .build();
            case 1 -> Example.newBuilder().setIntList(IntListExample.newBuilder().setInput(ints(random, 7))
                    .setOutput(ints(random, 7))).build();
            case 2 -> {
                ListExample.Builder list = ListExample.newBuilder();
                for (int i = random.nextInt(5); i > 0; i--) {
                    list.addInputs(value(random));
                }
                if (random.nextBoolean()) {
                    list.setOutput(value(random));
                }
                yield Example.newBuilder().setList(list).build();
            }
            default -> Example.getDefaultInstance();
        };
    }

    private static KarelGrid grid(Random random) {
        KarelGrid.Builder grid = KarelGrid.newBuilder().setRows(ints(random)).setCols(ints(random));
        if (random.nextBoolean()) {
            grid.setHero(KarelHero.newBuilder().setRow(ints(random)).setCol(ints(random))
                    .setDirectionValue(random.nextInt(7) - 1));
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            grid.addObstacles(KarelCell.newBuilder().setRow(ints(random)).setCol(ints(random)));
            grid.addMarkers(KarelMarkers.newBuilder().setRow(ints(random)).setCol(ints(random)).setCount(ints(random)));
        }
        return grid.build();
    }

    private static ListValue value(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> ListValue.newBuilder().setIntValue(ints(random)).build();
            case 1 -> ListValue.newBuilder().setListValue(ints(random, 25)).build();
            default -> ListValue.newBuilder().setNullValue(true).build();
        };
    }

    private static IntList ints(Random random, int maxLength) {
        IntList.Builder list = IntList.newBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            list.addValues(random.nextBoolean() ? random.nextInt(9) - 4 : ints(random));
        }
        return list.build();
    }

    private static int ints(Random random) {
        return random.nextBoolean() ? INTS[random.nextInt(INTS.length)] : random.nextInt(20) - 2;
    }

    private static long longs(Random random) {
        return random.nextBoolean() ? LONGS[random.nextInt(LONGS.length)] : random.nextInt(100_000);
    }

    private static int pick(Random random, int... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static String string(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> "x".repeat(random.nextInt(20_000));
            case 2 -> "é\uD83D\uDE00\u0000\n" + random.nextInt();
            default -> java.util.UUID.randomUUID().toString();
        };
    }
}
