package lasso.runtime;

import akka.actor.ExtendedActorSystem;
import akka.serialization.ByteBufferSerializer;
import akka.serialization.SerializerWithStringManifest;
import lasso.search.Admitted;
import lasso.search.Candidate;
import lasso.search.CandidateOutbox;
import lasso.search.Evaluated;
import lasso.search.Evaluation;
import lasso.search.ShardStatus;

import java.io.NotSerializableException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The async frontier's messages that cross nodes several times per expansion ({@link AsyncShardEntity}'s
 * candidates (one message may carry parts for several shards of a node), credit and statuses) in a compact binary form instead of Jackson CBOR: Jackson's
 * reflective records, field names and per-token strings made serialization the largest part of a
 * worker node's CPU besides the search itself. A program is its canonical tokens, each distinct token
 * written once per message (its UTF-8 the first time, its number in the message after that) and read
 * back as the node's shared copy ({@link Program#sharedToken}); the parsed form stays in its JVM, as
 * with Jackson. Bound to these classes in {@code akka.actor.serialization-bindings}; journals store
 * none of them (frontier shards live in memory), so the format may change between versions.
 */
public final class ShardMessageSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {

    private static final String CANDIDATES = "C";
    private static final String GRANT = "G";
    private static final String STATUS = "S";
    private static final int FIRST_BUFFER = 1024;

    public ShardMessageSerializer(ExtendedActorSystem system) {
    }

    @Override
    public int identifier() {
        return 1_127_001;
    }

    @Override
    public String manifest(Object message) {
        if (message instanceof AsyncShardEntity.Candidates) {
            return CANDIDATES;
        } else if (message instanceof AsyncShardEntity.Grant) {
            return GRANT;
        } else if (message instanceof AsyncShardEntity.Status) {
            return STATUS;
        }
        throw new IllegalArgumentException("ShardMessageSerializer cannot serialize " + message.getClass().getName());
    }

    @Override
    public byte[] toBinary(Object message) {
        // Messages sent through Cluster Sharding are serialized into arrays: grow until it fits.
        for (int size = sizeHint(message); ; size *= 2) {
            ByteBuffer buffer = ByteBuffer.allocate(size);
            try {
                toBinary(message, buffer);
            } catch (BufferOverflowException tooSmall) {
                continue;
            }
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return bytes;
        }
    }

    /** About the size of a message of candidates (two bytes a token once its text was written), so that it seldom grows. */
    private static int sizeHint(Object message) {
        long size = FIRST_BUFFER;
        if (message instanceof AsyncShardEntity.Candidates candidates) {
            for (CandidateOutbox.Part<Program> part : candidates.parts()) {
                size += 4;
                for (Candidate<Program> candidate : part.candidates()) {
                    size += 10 + 2L * candidate.program().tokens().size();
                }
            }
        }
        return (int) Math.min(size, 1 << 30);
    }

    @Override
    public void toBinary(Object message, ByteBuffer buffer) {
        ByteOrder order = buffer.order();
        buffer.order(ByteOrder.BIG_ENDIAN);
        try {
            write(message, new Writer(buffer), buffer);
        } finally {
            buffer.order(order);
        }
    }

    private static void write(Object message, Writer out, ByteBuffer buffer) {
        if (message instanceof AsyncShardEntity.Candidates candidates) {
            out.varint(candidates.parts().size());
            buffer.put((byte) (candidates.fromEditor() ? 1 : 0));
            for (CandidateOutbox.Part<Program> part : candidates.parts()) {
                out.varint(part.shard());
                out.varint(part.candidates().size());
                for (Candidate<Program> candidate : part.candidates()) {
                    buffer.putDouble(candidate.score());
                    out.program(candidate.program());
                }
            }
        } else if (message instanceof AsyncShardEntity.Grant grant) {
            buffer.putLong(grant.evaluations()).putLong(grant.expansions());
        } else if (message instanceof AsyncShardEntity.Status status) {
            out.varint(status.shard());
            buffer.putLong(status.executed()).put((byte) (status.last() ? 1 : 0));
            out.status(status.status());
        } else {
            throw new IllegalArgumentException("ShardMessageSerializer cannot serialize " + message.getClass().getName());
        }
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        return fromBinary(ByteBuffer.wrap(bytes), manifest);
    }

    @Override
    public Object fromBinary(ByteBuffer buffer, String manifest) throws NotSerializableException {
        ByteOrder order = buffer.order();
        buffer.order(ByteOrder.BIG_ENDIAN);
        try {
            Reader in = new Reader(buffer);
            switch (manifest) {
                case CANDIDATES -> {
                    int parts = in.varint();
                    boolean fromEditor = buffer.get() != 0;
                    List<CandidateOutbox.Part<Program>> list = new ArrayList<>(parts);
                    for (int p = 0; p < parts; p++) {
                        int shard = in.varint();
                        int count = in.varint();
                        List<Candidate<Program>> candidates = new ArrayList<>(count);
                        for (int i = 0; i < count; i++) {
                            double score = buffer.getDouble();
                            candidates.add(new Candidate<>(in.program(), score));
                        }
                        list.add(new CandidateOutbox.Part<>(shard, candidates));
                    }
                    return new AsyncShardEntity.Candidates(list, fromEditor);
                }
                case GRANT -> {
                    return new AsyncShardEntity.Grant(buffer.getLong(), buffer.getLong());
                }
                case STATUS -> {
                    int shard = in.varint();
                    long executed = buffer.getLong();
                    boolean last = buffer.get() != 0;
                    return new AsyncShardEntity.Status(shard, in.status(), executed, last);
                }
                default -> throw new NotSerializableException("ShardMessageSerializer: unknown manifest " + manifest);
            }
        } finally {
            buffer.order(order);
        }
    }

    /** Writes one message; each distinct token's text goes once, then its number in the message. */
    private static final class Writer {
        private final ByteBuffer buffer;
        private final Map<String, Integer> tokens = new HashMap<>();

        Writer(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        void varint(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("a count below zero: " + value);
            }
            while (value >= 0x80) {
                buffer.put((byte) (value | 0x80));
                value >>>= 7;
            }
            buffer.put((byte) value);
        }

        /** A token known in this message is {@code 1 + its number}; a new one is 0 and its UTF-8. */
        void program(Program program) {
            List<String> list = program.tokens();
            varint(list.size());
            for (String token : list) {
                Integer known = tokens.putIfAbsent(token, tokens.size());
                if (known != null) {
                    varint(known + 1L);
                } else {
                    byte[] utf8 = token.getBytes(StandardCharsets.UTF_8);
                    varint(0);
                    varint(utf8.length);
                    buffer.put(utf8);
                }
            }
        }

        void status(ShardStatus<Program> s) {
            buffer.put((byte) (s.busy() ? 1 : 0));
            buffer.putLong(s.received());
            varint(s.sentTo().size());
            for (long sent : s.sentTo()) {
                buffer.putLong(sent);
            }
            for (long value : new long[] {s.grants(), s.evaluated(), s.expansions(), s.proposed(), s.fromSynthesizer(),
                    s.askEvaluations(), s.askExpansions(), s.returnedEvaluations(), s.returnedExpansions(), s.held(),
                    s.share()}) {
                buffer.putLong(value);
            }
            buffer.putInt(s.backlog()).putInt(s.frontier());
            evaluated(s.best());
            evaluated(s.solution());
        }

        private void evaluated(Evaluated<Program> evaluated) {
            if (evaluated == null) {
                buffer.put((byte) 0);
                return;
            }
            buffer.put((byte) 1);
            Admitted<Program> admitted = evaluated.candidate();
            buffer.putLong(admitted.seq()).putDouble(admitted.score()).put((byte) (admitted.fromEditor() ? 1 : 0));
            program(admitted.program());
            Evaluation evaluation = evaluated.evaluation();
            buffer.put((byte) (evaluation.valid() ? 1 : 0));
            codes(evaluation.given());
            codes(evaluation.heldout());
        }

        private void codes(byte[] codes) {
            varint(codes.length);
            buffer.put(codes);
        }
    }

    /** Reads what {@link Writer} wrote. */
    private static final class Reader {
        private final ByteBuffer buffer;
        private final List<String> tokens = new ArrayList<>();

        Reader(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        int varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = buffer.get();
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    if (value > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("a count too large: " + value);
                    }
                    return (int) value;
                }
            }
            throw new IllegalArgumentException("a malformed count");
        }

        Program program() {
            int length = varint();
            String[] list = new String[length];
            for (int i = 0; i < length; i++) {
                int id = varint();
                if (id == 0) {
                    byte[] utf8 = new byte[varint()];
                    buffer.get(utf8);
                    String token = Program.sharedToken(new String(utf8, StandardCharsets.UTF_8));
                    tokens.add(token);
                    list[i] = token;
                } else {
                    list[i] = tokens.get(id - 1);
                }
            }
            return Program.of(List.of(list));
        }

        ShardStatus<Program> status() {
            boolean busy = buffer.get() != 0;
            long received = buffer.getLong();
            int shards = varint();
            List<Long> sentTo = new ArrayList<>(shards);
            for (int i = 0; i < shards; i++) {
                sentTo.add(buffer.getLong());
            }
            long grants = buffer.getLong();
            long evaluated = buffer.getLong();
            long expansions = buffer.getLong();
            long proposed = buffer.getLong();
            long fromSynthesizer = buffer.getLong();
            long askEvaluations = buffer.getLong();
            long askExpansions = buffer.getLong();
            long returnedEvaluations = buffer.getLong();
            long returnedExpansions = buffer.getLong();
            long held = buffer.getLong();
            long share = buffer.getLong();
            int backlog = buffer.getInt();
            int frontier = buffer.getInt();
            Evaluated<Program> best = evaluated();
            Evaluated<Program> solution = evaluated();
            return new ShardStatus<>(busy, received, sentTo, grants, evaluated, expansions, proposed, fromSynthesizer,
                    backlog, frontier, askEvaluations, askExpansions, returnedEvaluations, returnedExpansions, best,
                    solution, held, share);
        }

        private Evaluated<Program> evaluated() {
            if (buffer.get() == 0) {
                return null;
            }
            long seq = buffer.getLong();
            double score = buffer.getDouble();
            boolean fromEditor = buffer.get() != 0;
            Program program = program();
            boolean valid = buffer.get() != 0;
            byte[] given = codes();
            byte[] heldout = codes();
            return new Evaluated<>(new Admitted<>(seq, program, score, fromEditor), new Evaluation(valid, given, heldout));
        }

        private byte[] codes() {
            byte[] codes = new byte[varint()];
            buffer.get(codes);
            return codes;
        }
    }
}
