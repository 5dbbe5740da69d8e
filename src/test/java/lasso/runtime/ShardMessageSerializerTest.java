package lasso.runtime;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializers;
import com.typesafe.config.ConfigFactory;
import lasso.search.Admitted;
import lasso.search.Candidate;
import lasso.search.CandidateOutbox;
import lasso.search.Evaluated;
import lasso.search.Evaluation;
import lasso.search.ShardStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The async frontier's candidates, credit and statuses go through {@link ShardMessageSerializer} (the
 * binding in {@code application.conf}) and come back equal, through Cluster Sharding's byte arrays and
 * through Artery's buffers; only the tokens travel, as the node's shared strings. (They also cross a
 * real wire between two nodes in {@link AsyncFrontierTest}.)
 */
class ShardMessageSerializerTest {

    private static ActorTestKit testKit;
    private static Serialization serialization;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("shard-messages", ConfigFactory.load());
        serialization = SerializationExtension.get(testKit.system().classicSystem());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static final Program KAREL = Program.parsed(List.of("DEF", "run", "m(", "move", "IF", "c(", "frontIsClear",
            "c)", "i(", "move", "i)", "m)"), new Object());
    /** A C program's tokens: identifiers and constants outside any vocabulary, text that is not ASCII. */
    private static final Program C = Program.of(List.of("int", "f", "(", "int", "x", ")", "{", "return", "x", "*",
            "1234567", ";", "}", "\"héllo → ✓\""));

    private static List<Object> messages() {
        Evaluated<Program> best = new Evaluated<>(new Admitted<>(1L << 32 | 5, KAREL, -2.5, true),
                new Evaluation(true, new byte[] {0, 1, 2, 3, 0}, new byte[0]));
        Evaluated<Program> solution = new Evaluated<>(new Admitted<>(7, C, Double.NEGATIVE_INFINITY, false),
                new Evaluation(true, new byte[] {0, 0, 0}, new byte[] {0, 1}));
        List<Candidate<Program>> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(new Candidate<>(i % 2 == 0 ? KAREL : Program.of(List.of("token" + i, "move", "x")), -i * 0.5));
        }
        return List.of(
                AsyncShardEntity.Candidates.of(0, List.of(new Candidate<>(KAREL, -1.0), new Candidate<>(C, 3.25)), true),
                AsyncShardEntity.Candidates.of(7, many, false),
                AsyncShardEntity.Candidates.of(1, List.of(), false),
                // Parts for several shards of a node, one shard twice (two routings), tokens shared across parts.
                new AsyncShardEntity.Candidates(List.of(new CandidateOutbox.Part<>(1, List.of(new Candidate<>(KAREL, -1.0))),
                        new CandidateOutbox.Part<>(3, many.subList(0, 20)),
                        new CandidateOutbox.Part<>(1, List.of(new Candidate<>(C, 2.0), new Candidate<>(KAREL, -3.0)))), true),
                // Longer than its size hint: the array it is written into grows.
                AsyncShardEntity.Candidates.of(2, List.of(new Candidate<>(Program.of(List.of("\"" + "x".repeat(5000) + "\"")),
                        -1.0)), true),
                new AsyncShardEntity.Grant(64, 2),
                new AsyncShardEntity.Grant(0, Long.MAX_VALUE),
                new AsyncShardEntity.Status(3, new ShardStatus<>(true, 3, List.of(1L, 0L, 2L, 300L), 2, 40, 1, 55, 48,
                        9, 7, 16, 1, 4, 5, best, solution, 40, Long.MAX_VALUE), 41, true),
                new AsyncShardEntity.Status(0, new ShardStatus<>(false, 0, List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        null, null, 0, 1), 0, false));
    }

    @Test
    void hotFrontierMessagesRoundTripThroughTheirSerializer() throws Exception {
        for (Object message : messages()) {
            var serializer = serialization.findSerializerFor(message);
            assertInstanceOf(ShardMessageSerializer.class, serializer, message.getClass().getSimpleName());
            byte[] bytes = serialization.serialize(message).get();
            String manifest = Serializers.manifestFor(serializer, message);
            Object back = serialization.deserialize(bytes, serializer.identifier(), manifest).get();
            assertEquals(message, back, message.getClass().getSimpleName());
        }
    }

    @Test
    void arteryBuffersOfEitherByteOrderReadBackWhatWasWrittenAndKeepTheirOrder() throws Exception {
        ShardMessageSerializer serializer = new ShardMessageSerializer(null);
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            for (Object message : messages()) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024).order(order);
                buffer.putInt(0xCAFE);
                serializer.toBinary(message, buffer);
                assertEquals(order, buffer.order());
                buffer.flip();
                assertEquals(0xCAFE, buffer.getInt());
                assertEquals(message, serializer.fromBinary(buffer, serializer.manifest(message)));
                assertEquals(order, buffer.order());
                assertEquals(0, buffer.remaining(), "the whole message read");
            }
        }
    }

    @Test
    void onlyTheTokensTravelAsTheNodesSharedStrings() throws Exception {
        ShardMessageSerializer serializer = new ShardMessageSerializer(null);
        var message = AsyncShardEntity.Candidates.of(0, List.of(new Candidate<>(KAREL, -1.0)), false);
        var back = (AsyncShardEntity.Candidates) serializer.fromBinary(serializer.toBinary(message), "C");
        Program program = back.parts().get(0).candidates().get(0).program();
        assertNull(program.parsedOrNull());
        assertSame(Program.sharedToken(new String("frontIsClear".toCharArray())), program.tokens().get(6));
        // Each distinct token's text is written once: the repeated program costs a byte a token.
        var twice = AsyncShardEntity.Candidates.of(0, List.of(new Candidate<>(KAREL, -1.0), new Candidate<>(KAREL, -1.0)),
                false);
        int once = serializer.toBinary(message).length;
        assertEquals(once + 8 + 1 + KAREL.tokens().size(), serializer.toBinary(twice).length);
    }

    @Test
    void unknownMessagesAndManifestsAreRefused() {
        ShardMessageSerializer serializer = new ShardMessageSerializer(null);
        assertThrows(IllegalArgumentException.class, () -> serializer.manifest(new AsyncShardEntity.Close(null)));
        assertThrows(IllegalArgumentException.class, () -> serializer.toBinary("a string"));
        Exception unknown = assertThrows(java.io.NotSerializableException.class,
                () -> serializer.fromBinary(new byte[] {1}, "X"));
        assertTrue(unknown.getMessage().contains("X"), unknown.getMessage());
    }
}
