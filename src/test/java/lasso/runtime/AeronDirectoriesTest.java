package lasso.runtime;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AeronDirectoriesTest {

    private static final Duration DEAD_AFTER = Duration.ofMillis(500);

    /**
     * What a node killed with kill -9 leaves: a driver directory nobody heartbeats any more (here a
     * real media driver's, stopped without deleting it), or one killed before its CnC file was written.
     */
    @Test
    void deadDriverDirectoriesAreRemovedAndLiveOnesKept(@TempDir Path base) throws Exception {
        Path stopped = base.resolve(AeronDirectories.PREFIX + "stopped");
        Path live = base.resolve(AeronDirectories.PREFIX + "live");
        try (MediaDriver driver = launch(live)) {
            launch(stopped).close();
            Path early = Files.createDirectories(base.resolve(AeronDirectories.PREFIX + "early"));
            Files.write(early.resolve("cnc.dat"), new byte[4096]);
            Path young = Files.createDirectories(base.resolve(AeronDirectories.PREFIX + "starting"));
            Path other = Files.createDirectories(base.resolve("aeron-someone-else"));
            for (Path dir : new Path[] {stopped, live, early, other}) {
                Files.setLastModifiedTime(dir, FileTime.from(Instant.now().minusSeconds(60)));
            }
            // The stopped driver's last heartbeat must first grow older than DEAD_AFTER.
            long bound = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int removed = 0;
            while (Files.exists(stopped) && System.nanoTime() < bound) {
                removed += AeronDirectories.removeDead(base, DEAD_AFTER);
                Thread.sleep(100);
            }
            assertEquals(2, removed);
            assertFalse(Files.exists(stopped));
            assertFalse(Files.exists(early));
            assertTrue(Files.exists(live), "a running driver's directory stays");
            assertTrue(Files.exists(young), "a directory may be younger than its driver's first heartbeat");
            assertTrue(Files.exists(other), "only Lasso's own directories are touched");
        }
    }

    private static MediaDriver launch(Path dir) {
        return MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(dir.toString())
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnShutdown(false)
                .termBufferSparseFile(true)
                .publicationTermBufferLength(64 * 1024)
                .ipcTermBufferLength(64 * 1024));
    }
}
