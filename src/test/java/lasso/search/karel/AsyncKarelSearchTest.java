package lasso.search.karel;

import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.domain.Trace;
import lasso.domain.karel.KarelDomain;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelProgram;
import lasso.search.Admitted;
import lasso.search.AsyncSearch;
import lasso.search.AsyncShard;
import lasso.search.Candidate;
import lasso.search.CandidateStream;
import lasso.search.EditRequest;
import lasso.search.Editor;
import lasso.search.Editors;
import lasso.search.Evaluated;
import lasso.search.Evaluator;
import lasso.search.Proposal;
import lasso.search.Proposers;
import lasso.search.Seeds;
import lasso.search.SearchSettings;
import lasso.search.ShardStatus;
import lasso.search.StopReason;
import lasso.search.Strategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Karel searches whose shards search on their own ({@link AsyncShard}, {@link AsyncSearch}), driven
 * on one thread with every message (candidates, statuses, grants, evaluations, expansions) delivered
 * in a random order that keeps each channel's order, as Akka does: whatever the order, no program is
 * evaluated twice, the budgets hold over the whole job, and the search always ends (on an answer,
 * a budget spent, or, every shard idle, the expansion budget).
 */
class AsyncKarelSearchTest {

    private static final KarelDomain KAREL = (KarelDomain) Domains.named("karel");

    /** Messages in flight, one FIFO queue per channel (sender to receiver). */
    private static final class Network {
        final Map<String, ArrayDeque<Runnable>> channels = new LinkedHashMap<>();
        final Random random;

        Network(long seed) {
            random = new Random(seed);
        }

        void post(String channel, Runnable delivery) {
            channels.computeIfAbsent(channel, c -> new ArrayDeque<>()).add(delivery);
        }

        boolean deliverOne() {
            List<ArrayDeque<Runnable>> busy = channels.values().stream().filter(q -> !q.isEmpty()).toList();
            if (busy.isEmpty()) {
                return false;
            }
            busy.get(random.nextInt(busy.size())).poll().run();
            return true;
        }
    }

    /** One job: a search, its shards, the messages between them, and what was evaluated. */
    private static final class Job {
        final Evaluator<KarelProgram, KarelGrid, KarelGrid> evaluator;
        final Editor<KarelProgram, KarelGrid, KarelGrid> editor = Editors.create(KAREL, null);
        final SearchSettings settings;
        final AsyncSearch<KarelProgram> search;
        final List<AsyncShard<KarelProgram>> shards = new ArrayList<>();
        final Network network;
        final Map<KarelProgram, Integer> evaluations = new HashMap<>();
        long expansionsStarted;

        Job(Evaluator<KarelProgram, KarelGrid, KarelGrid> evaluator, SearchSettings settings, int shardCount, long order) {
            this.evaluator = evaluator;
            this.settings = settings;
            this.search = new AsyncSearch<>(settings, shardCount, Object::hashCode, System::nanoTime, System.nanoTime());
            this.network = new Network(order);
            for (int i = 0; i < shardCount; i++) {
                shards.add(new AsyncShard<>(i, shardCount, search.concurrency(), 8, Object::hashCode));
            }
        }

        StopReason run() {
            try (CandidateStream<KarelProgram> stream = Proposers.create(KAREL, "enumerative")
                    .open(evaluator.given(), settings.seed())) {
                shards.forEach(shard -> work(shard.index()));
                while (search.check(false).isEmpty()) {
                    if (search.wantsRound() && search.proposerExhausted()) {
                        grant(search.expansionRound());
                    } else if (search.wantsRound()) {
                        Proposal<KarelProgram> proposal = stream.next(settings.batchSize()).toCompletableFuture().join();
                        List<List<Candidate<KarelProgram>>> byOwner = search.route(proposal);
                        for (int i = 0; i < byOwner.size(); i++) {
                            int to = i;
                            List<Candidate<KarelProgram>> part = byOwner.get(i);
                            if (!part.isEmpty()) {
                                network.post("job>" + to, () -> receive(to, part, false));
                            }
                        }
                        grant(search.grants(0));
                    } else {
                        assertTrue(network.deliverOne(), "the search stalled: nothing in flight, and it goes on");
                    }
                }
            }
            // As the coordinator closes the shards: each answers with its last status.
            shards.forEach(shard -> search.reported(shard.index(), shard.status()));
            return search.stopReason();
        }

        void receive(int shard, List<Candidate<KarelProgram>> candidates, boolean fromEditor) {
            shards.get(shard).receive(candidates, fromEditor);
            work(shard);
        }

        /** What a shard's entity does after each message. */
        void work(int i) {
            AsyncShard<KarelProgram> shard = shards.get(i);
            for (Admitted<KarelProgram> candidate : shard.toEvaluate()) {
                evaluations.merge(candidate.program(), 1, Integer::sum);
                network.post("executor>" + i, () -> {
                    shard.record(candidate.seq(), evaluator.evaluate(candidate.program()));
                    work(i);
                });
            }
            for (Optional<Evaluated<KarelProgram>> next = shard.toExpand(); next.isPresent(); next = shard.toExpand()) {
                Evaluated<KarelProgram> parent = next.get();
                long index = expansionsStarted++;
                network.post("debugger>" + i, () -> {
                    List<Candidate<KarelProgram>> edits = editor.edit(request(parent, index)).toCompletableFuture().join();
                    List<List<Candidate<KarelProgram>>> byOwner = shard.expanded(edits);
                    for (int to = 0; to < byOwner.size(); to++) {
                        int owner = to;
                        List<Candidate<KarelProgram>> part = byOwner.get(to);
                        if (!part.isEmpty()) {
                            network.post(i + ">" + owner, () -> receive(owner, part, true));
                        }
                    }
                    work(i);
                });
            }
            ShardStatus<KarelProgram> status = shard.status();
            network.post(i + ">job", () -> grant(search.reported(i, status)));
        }

        void grant(List<AsyncSearch.Grant> grants) {
            for (AsyncSearch.Grant grant : grants) {
                network.post("job>" + grant.shard(), () -> {
                    shards.get(grant.shard()).granted(grant.evaluations(), grant.expansions());
                    work(grant.shard());
                });
            }
        }

        EditRequest<KarelProgram, KarelGrid, KarelGrid> request(Evaluated<KarelProgram> parent, long index) {
            List<Trace<?>> traces = new ArrayList<>();
            for (Example<KarelGrid, KarelGrid> example : evaluator.given()) {
                traces.add(KAREL.trace(parent.program(), example.input()));
            }
            return new EditRequest<>(evaluator.given(), new Candidate<>(parent.program(), parent.candidate().score()),
                    traces, settings.editsPerExpansion(), Seeds.mix(settings.seed(), index));
        }
    }

    private static Evaluator<KarelProgram, KarelGrid, KarelGrid> task(int index) {
        TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> task = TaskGeneration.one(
                KAREL.generator(Map.of("max-rows", "8", "max-cols", "8", "max-tokens", "30")), 5, index).task();
        return new Evaluator<>(KAREL, task.examples().stream().filter(e -> !e.heldout()).toList(),
                task.examples().stream().filter(Example::heldout).toList());
    }

    @Test
    void noProgramIsEvaluatedTwiceAndTheBudgetsHoldInAnyOrder() {
        int stopped = 0;
        for (int index = 0; index < 6; index++) {
            for (int shards : new int[] {1, 3}) {
                SearchSettings settings = new SearchSettings(Strategy.BEST_FIRST, 30, 1500, 600_000, 48, 8, 3, 2);
                Job job = new Job(task(index), settings, shards, index * 31L + shards);
                StopReason reason = job.run();
                String where = "task " + index + ", " + shards + " shards";
                assertNotNull(reason, where);
                assertTrue(job.evaluations.values().stream().allMatch(count -> count == 1), where + ": evaluated twice");
                assertEquals(job.evaluations.size(), job.search.evaluated(), where);
                assertTrue(job.search.evaluated() <= settings.maxEvaluated(), where + ": " + job.search.evaluated());
                assertTrue(job.search.expansions() <= settings.maxExpansions(), where + ": " + job.search.expansions());
                assertTrue(job.expansionsStarted <= settings.maxExpansions(), where);
                if (reason == StopReason.FOUND) {
                    assertTrue(job.search.solution().orElseThrow().evaluation().solves(), where);
                } else if (reason == StopReason.EVALUATION_BUDGET) {
                    assertEquals(settings.maxEvaluated(), job.search.evaluated(), where + ": the whole budget is spent");
                }
                stopped += reason == StopReason.FOUND ? 0 : 1;
            }
        }
        assertTrue(stopped > 0, "some searches ran into a budget");
    }

    @Test
    void theExpansionBudgetEndsTheSearchOnceEveryShardIsIdle() {
        int ended = 0;
        for (int index = 0; index < 6; index++) {
            SearchSettings settings = new SearchSettings(Strategy.BEST_FIRST, 4, 10_000_000, 600_000, 16, 8, 1, 2);
            Job job = new Job(task(index), settings, 3, index);
            StopReason reason = job.run();
            assertTrue(reason == StopReason.FOUND || reason == StopReason.EXPANSION_BUDGET, "task " + index + ": " + reason);
            if (reason == StopReason.EXPANSION_BUDGET) {
                assertEquals(settings.maxExpansions(), job.search.expansions(), "task " + index);
                assertTrue(job.search.idle(), "task " + index + ": every message received");
                ended++;
            }
        }
        assertTrue(ended > 0, "some searches ran out of expansions");
    }
}
