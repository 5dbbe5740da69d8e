package lasso.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The media-driver directories of nodes on aeron-udp. Each node gets its own, named
 * {@code lasso-aeron-<uuid>} next to Aeron's default (under /dev/shm on Linux); Akka deletes it when
 * the node stops, but a node killed with {@code kill -9} leaves its ~60 MB behind, so every node
 * removes, as it starts, the ones whose driver is dead.
 */
final class AeronDirectories {

    static final String PREFIX = "lasso-aeron-";
    /** A driver silent this long is dead (Aeron's own default liveness timeout is 10 s). */
    private static final Duration DEAD_AFTER = Duration.ofSeconds(15);

    private AeronDirectories() {
    }

    /** Gives a node on aeron-udp without an {@code aeron-dir} of its own a fresh one, and clears dead ones. */
    static Config assign(Config config) {
        String key = "akka.remote.artery.advanced.aeron.aeron-dir";
        if (!config.getString("akka.remote.artery.transport").equals("aeron-udp")
                || !config.getString(key).isEmpty()) {
            return config;
        }
        Path base = Path.of(CommonContext.getAeronDirectoryName()).toAbsolutePath().getParent();
        int removed = removeDead(base);
        if (removed > 0) {
            LoggerFactory.getLogger(AeronDirectories.class).info("removed {} Aeron directories of stopped nodes under {}", removed, base);
        }
        return ConfigFactory.empty()
                .withValue(key, ConfigValueFactory.fromAnyRef(base.resolve(PREFIX + UUID.randomUUID()).toString()))
                .withFallback(config);
    }

    static int removeDead(Path base) {
        return removeDead(base, DEAD_AFTER);
    }

    /**
     * Removes the Lasso driver directories under {@code base} that no live driver uses (none has
     * heartbeated for {@code deadAfter}); how many.
     */
    static int removeDead(Path base, Duration deadAfter) {
        if (!Files.isDirectory(base)) {
            return 0;
        }
        Instant settled = Instant.now().minus(deadAfter);
        int removed = 0;
        try (Stream<Path> entries = Files.list(base)) {
            for (Path dir : entries.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
                // A directory just created may not have its driver's heartbeat yet: leave young ones alone.
                FileTime modified = Files.getLastModifiedTime(dir);
                if (modified.toInstant().isBefore(settled) && !driverActive(dir, deadAfter)) {
                    delete(dir);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base, e);
        }
        return removed;
    }

    private static boolean driverActive(Path dir, Duration deadAfter) throws IOException {
        Path cnc = dir.resolve(CncFileDescriptor.CNC_FILE);
        if (!Files.isRegularFile(cnc) || Files.size(cnc) < Integer.BYTES) {
            return false;
        }
        // A driver killed before it initialised its CnC file left version 0, which Aeron's own check
        // would wait a whole timeout on.
        try (FileChannel channel = FileChannel.open(cnc, StandardOpenOption.READ)) {
            ByteBuffer version = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(version, CncFileDescriptor.CNC_VERSION_FIELD_OFFSET);
            if (version.getInt(0) == 0) {
                return false;
            }
        }
        return CommonContext.isDriverActive(dir.toFile(), deadAfter.toMillis(), message -> { });
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
