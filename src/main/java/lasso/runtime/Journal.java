package lasso.runtime;

import akka.actor.typed.ActorSystem;
import akka.persistence.jdbc.testkit.javadsl.SchemaUtils;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The database jobs are journaled in ({@code lasso.journal}): akka-persistence-jdbc's shared pool
 * configured from one JDBC URL (H2 in memory when none is given, an H2 file, an H2 server or
 * PostgreSQL), and its tables created when missing.
 */
public final class Journal {

    private Journal() {
    }

    /** {@code config} with the JDBC pool's URL, driver and Slick profile set from {@code lasso.journal}. */
    public static Config configure(Config config) {
        String url = config.getString("lasso.journal.url");
        if (url.isEmpty()) {
            url = "jdbc:h2:mem:lasso-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        }
        Map<String, Object> db = new HashMap<>();
        String profile;
        if (url.startsWith("jdbc:h2:")) {
            // The shipped DDL quotes lower-case names.
            url = url.contains("DATABASE_TO_UPPER") ? url : url + ";DATABASE_TO_UPPER=false";
            profile = "slick.jdbc.H2Profile$";
            db.put("driver", "org.h2.Driver");
        } else if (url.startsWith("jdbc:postgresql:")) {
            profile = "slick.jdbc.PostgresProfile$";
            db.put("driver", "org.postgresql.Driver");
        } else {
            throw new IllegalArgumentException("lasso.journal.url: expected jdbc:h2:… or jdbc:postgresql:…, got '"
                    + url + "'");
        }
        db.put("url", url);
        db.put("user", config.getString("lasso.journal.user"));
        db.put("password", config.getString("lasso.journal.password"));
        String pool = "akka-persistence-jdbc.shared-databases.slick";
        return ConfigFactory.parseMap(Map.of(pool + ".profile", profile, pool + ".db", db)).withFallback(config);
    }

    /**
     * Creates the journal's tables unless they exist. Several nodes may start at once against one
     * database, and the shipped DDL is not safe to run twice concurrently, so a failure is retried
     * (the next attempt finds the tables).
     */
    static void createSchema(ActorSystem<?> system, Duration timeout) throws InterruptedException, TimeoutException {
        if (!system.settings().config().getBoolean("lasso.journal.create-schema")) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                SchemaUtils.createIfNotExists(system).toCompletableFuture()
                        .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() - deadline > 0 || attempt >= 5) {
                    throw new IllegalStateException("cannot create the journal's tables in "
                            + system.settings().config().getString("akka-persistence-jdbc.shared-databases.slick.db.url")
                            + ": " + e.getCause(), e.getCause());
                }
                system.log().warn("creating the journal's tables failed ({}); trying again", e.getCause().toString());
                Thread.sleep(200L * attempt);
            }
        }
    }
}
