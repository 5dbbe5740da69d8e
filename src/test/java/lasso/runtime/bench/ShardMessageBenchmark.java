package lasso.runtime.bench;

import akka.actor.ActorSystem;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import lasso.runtime.AsyncShardEntity;
import lasso.runtime.Program;
import lasso.search.Admitted;
import lasso.search.Candidate;
import lasso.search.Evaluated;
import lasso.search.Evaluation;
import lasso.search.ShardStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The async frontier's hot cross-node messages through Akka's serialization, there and back, with
 * their own serializer ({@code ShardMessageSerializer}, what {@code application.conf} binds) against
 * the Jackson CBOR serializer they used before: a candidate message of 16 real Karel programs (the
 * synthesizer's batch split over four shards; an expansion's edits are about four a shard) and a
 * shard's status. Scores are microseconds per message, one thread. Run with
 * {@code ./lasso jmh -f 1 -wi 3 -i 5 ShardMessage}; the sizes are printed at set-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ShardMessageBenchmark {

    @Param({"lasso-shard", "jackson-cbor"})
    public String serializerName;

    private ActorSystem system;
    private Serialization serialization;
    private Serializer serializer;
    private AsyncShardEntity.Candidates candidates;
    private AsyncShardEntity.Status status;

    @Setup(Level.Trial)
    public void start() throws IOException {
        // jackson-cbor: the three messages bound to it again, as before ShardMessageSerializer.
        String bindings = serializerName.equals("lasso-shard") ? "" : """
                akka.actor.serialization-bindings {
                  "lasso.runtime.AsyncShardEntity$Candidates" = jackson-cbor
                  "lasso.runtime.AsyncShardEntity$Grant" = jackson-cbor
                  "lasso.runtime.AsyncShardEntity$Status" = jackson-cbor
                }
                """;
        system = ActorSystem.create("bench", ConfigFactory.parseString("akka.actor.provider = local\n" + bindings)
                .withFallback(ConfigFactory.load()));
        serialization = SerializationExtension.get(system);
        serializer = serialization.serializerFor(AsyncShardEntity.Candidates.class);
        List<Candidate<Program>> programs = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(ShardMessageBenchmark.class
                .getResourceAsStream("/data/karel/msr_test_programs_actions_first500.jsonl"), StandardCharsets.UTF_8))) {
            for (int i = 0; i < 16; i++) {
                List<String> tokens = new ArrayList<>();
                for (JsonNode token : mapper.readTree(reader.readLine()).get("program_tokens")) {
                    tokens.add(token.asText());
                }
                programs.add(new Candidate<>(Program.of(tokens), -tokens.size()));
            }
        }
        candidates = AsyncShardEntity.Candidates.of(0, programs, false);
        Evaluated<Program> best = new Evaluated<>(new Admitted<>(1L << 32 | 5, programs.get(0).program(), -12, true),
                new Evaluation(true, new byte[] {0, 1, 0, 0, 2}, new byte[0]));
        status = new AsyncShardEntity.Status(2, new ShardStatus<>(true, 120, List.of(40L, 0L, 38L, 41L), 60, 2_400,
                75, 5_100, 2_000, 64, 900, 64, 2, 0, 0, best, null, 3_000, 1_000_000), 2_450, false);
        System.out.printf("%s (%s): candidates %d bytes, status %d bytes%n", serializerName,
                serializer.getClass().getSimpleName(),
                serializer.toBinary(candidates).length, serializer.toBinary(status).length);
    }

    @TearDown(Level.Trial)
    public void stop() {
        system.terminate();
    }

    private Object roundTrip(Object message) {
        byte[] bytes = serializer.toBinary(message);
        return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
    }

    @Benchmark
    public Object candidates() {
        return roundTrip(candidates);
    }

    @Benchmark
    public Object status() {
        return roundTrip(status);
    }
}
