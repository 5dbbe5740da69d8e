package lasso.runtime;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import lasso.search.Candidate;
import lasso.search.CandidateOutbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two JVMs' worth of actor systems on loopback: what a job's coordinator or shard sends the shards of
 * another node crosses in one message (through {@link ShardMessageSerializer}), which that node's first
 * shard hands out to the others; shards of its own node get theirs directly.
 */
class ShardRoutesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ActorTestKit here;
    private static ActorTestKit there;

    private static Config remote() {
        return ConfigFactory.parseString("""
                akka.actor.provider = remote
                akka.remote.artery.canonical.hostname = "127.0.0.1"
                akka.remote.artery.canonical.port = 0
                """).withFallback(ConfigFactory.load());
    }

    @BeforeAll
    static void start() {
        here = ActorTestKit.create("routes-here", remote());
        there = ActorTestKit.create("routes-there", remote());
    }

    @AfterAll
    static void stop() {
        there.shutdownTestKit();
        here.shutdownTestKit();
    }

    /** A probe of the other system as this one sees it: a reference with the other node's address. */
    private static ActorRef<AsyncShardEntity.Command> seenFromHere(TestProbe<AsyncShardEntity.Command> probe) {
        String path = ActorRefResolver.get(there.system()).toSerializationFormat(probe.getRef());
        return ActorRefResolver.get(here.system()).resolveActorRef(path);
    }

    private static List<Candidate<Program>> programs(String... tokens) {
        List<Candidate<Program>> list = new ArrayList<>();
        for (String token : tokens) {
            list.add(new Candidate<>(Program.of(List.of("DEF", "run", "m(", token, "m)")), -5.0));
        }
        return list;
    }

    @Test
    void partsForTheShardsOfAnotherNodeCrossInOneMessageAndAreHandedOut() {
        List<TestProbe<AsyncShardEntity.Command>> local = List.of(here.createTestProbe(), here.createTestProbe());
        List<TestProbe<AsyncShardEntity.Command>> far = List.of(there.createTestProbe(), there.createTestProbe());
        ShardRoutes routes = new ShardRoutes(List.of(local.get(0).getRef(), seenFromHere(far.get(0)),
                local.get(1).getRef(), seenFromHere(far.get(1))));
        assertTrue(routes.local(routes.nodeOf(0)));
        assertFalse(routes.local(routes.nodeOf(1)));
        assertEquals(routes.nodeOf(1), routes.nodeOf(3));

        CandidateOutbox<Program> outbox = routes.outbox();
        outbox.add(List.of(programs("move"), programs("turnLeft"), List.of(), programs("putMarker")));
        outbox.add(List.of(List.of(), programs("pickMarker", "turnRight"), programs("move"), List.of()));
        outbox.takeAll().forEach(parcel -> routes.send(parcel, true));

        // Each shard of this node gets its parts directly, in one message.
        assertEquals(1, local.get(0).expectMessageClass(AsyncShardEntity.Candidates.class, WAIT).parts().size());
        assertEquals(List.of(2), local.get(1).expectMessageClass(AsyncShardEntity.Candidates.class, WAIT).parts()
                .stream().map(CandidateOutbox.Part::shard).toList());
        // The other node's first shard gets one message for both, each routing its own part.
        AsyncShardEntity.Candidates crossed = far.get(0).expectMessageClass(AsyncShardEntity.Candidates.class, WAIT);
        assertEquals(List.of(1, 3, 1), crossed.parts().stream().map(CandidateOutbox.Part::shard).toList());
        assertEquals(2, crossed.parts().get(2).candidates().size());
        assertTrue(crossed.fromEditor());

        // Where it lands, shard 1 keeps its two parts and hands shard 3 its own.
        List<CandidateOutbox.Part<Program>> kept = ShardRoutes.handOut(crossed.parts(), crossed.fromEditor(), 1,
                shard -> far.get(shard == 1 ? 0 : 1).getRef());
        assertEquals(List.of(1, 1), kept.stream().map(CandidateOutbox.Part::shard).toList());
        AsyncShardEntity.Candidates handed = far.get(1).expectMessageClass(AsyncShardEntity.Candidates.class, WAIT);
        assertEquals(List.of(3), handed.parts().stream().map(CandidateOutbox.Part::shard).toList());
        assertEquals("putMarker", handed.parts().get(0).candidates().get(0).program().tokens().get(3));
    }
}
