package lasso.runtime;

import com.typesafe.config.Config;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Serves the JVM's Prometheus metrics ({@link NodeMetrics}, the decoder's, and the JVM's own) at
 * {@code http://HOST:PORT/metrics} when {@code lasso.metrics.enabled} is on.
 */
final class MetricsExporter {

    private static boolean jvmRegistered;

    private MetricsExporter() {
    }

    /** The exporter of {@code config}'s {@code lasso.metrics} section; empty when it is off. */
    static Optional<HTTPServer> start(Config config) {
        Config metrics = config.getConfig("lasso.metrics");
        if (!metrics.getBoolean("enabled")) {
            return Optional.empty();
        }
        registerJvmMetrics();
        String host = metrics.getString("host");
        int port = metrics.getInt("port");
        try {
            return Optional.of(HTTPServer.builder().hostname(host).port(port).buildAndStart());
        } catch (IOException e) {
            throw new UncheckedIOException("lasso.metrics: cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static synchronized void registerJvmMetrics() {
        if (!jvmRegistered) {
            JvmMetrics.builder().register();
            jvmRegistered = true;
        }
    }
}
