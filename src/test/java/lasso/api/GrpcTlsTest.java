package lasso.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import lasso.api.v1.GetResultRequest;
import lasso.cli.Lasso;
import lasso.runtime.LassoRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Netty server speaking mutual TLS with certificates made for the test: a client with a
 * certificate from the server's client CA gets in; one without, one in plaintext, and one that does
 * not trust the server's CA do not. The solve command speaks TLS too. A server refuses to bind a
 * non-loopback address without a token unless allowed.
 */
class GrpcTlsTest {

    @TempDir
    static Path folder;
    private static TestCertificates certificates;
    private static LassoRuntime runtime;
    private static LassoServer server;
    private static String target;

    private static final GetResultRequest UNKNOWN = GetResultRequest.newBuilder().setJobId("no-such-job").build();

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.create(folder);
        runtime = LassoRuntime.start(ConfigFactory.load());
        server = LassoServer.listening(runtime, new ApiSettings("127.0.0.1", 0, 1 << 20, Map.of(),
                new ApiSettings.Tls(certificates.serverCert(), certificates.serverKey(), certificates.ca()), false)).start();
        target = "127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop(Duration.ofSeconds(5));
        runtime.close();
    }

    private static Status.Code call(LassoClient.Tls tls) {
        try (LassoClient client = LassoClient.connect(target, "", 1 << 20, tls)) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.blocking().getResult(UNKNOWN));
            return e.getStatus().getCode();
        }
    }

    @Test
    void aClientWithACertificateFromTheClientCaGetsIn() {
        assertEquals(Status.Code.NOT_FOUND, call(new LassoClient.Tls(certificates.ca(), certificates.clientCert(),
                certificates.clientKey())), "past the handshake, the job is unknown");
    }

    @Test
    void clientsWithoutACertificateInPlaintextOrNotTrustingTheServerAreKeptOut() {
        assertEquals(Status.Code.UNAVAILABLE, call(new LassoClient.Tls(certificates.ca(), null, null)));
        assertEquals(Status.Code.UNAVAILABLE, call(null));
        assertEquals(Status.Code.UNAVAILABLE, call(new LassoClient.Tls(null, certificates.clientCert(),
                certificates.clientKey())), "the JVM's authorities did not sign the server's certificate");
    }

    @Test
    void theSolveCommandSpeaksTls() throws Exception {
        Path tasks = folder.resolve("tasks.jsonl");
        Files.writeString(tasks, "{\"id\": \"rev\", \"program\": \"LIST|REVERSE,0\", \"examples\": ["
                + "{\"inputs\": [[1, 2, 3]], \"output\": [3, 2, 1]}, {\"inputs\": [[5, 0]], \"output\": [0, 5]}]}\n");
        Path results = folder.resolve("results.jsonl");
        int exit = Lasso.run("solve", "--domain", "list", "--tasks", tasks.toString(), "--out", results.toString(),
                "--server", target, "--tls-ca", certificates.ca().toString(), "--tls-cert",
                certificates.clientCert().toString(), "--tls-key", certificates.clientKey().toString());
        JsonNode result = new ObjectMapper().readTree(Files.readString(results));
        assertEquals(0, exit, result.toString());
        assertNotEquals("error", result.get("status").asText(), result.toString());
    }

    @Test
    void aNonLoopbackAddressWithoutATokenIsRefusedUnlessAllowed() throws Exception {
        ApiSettings open = new ApiSettings("0.0.0.0", 0, 1 << 20, "");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, open::checkExposure);
        assertTrue(refused.getMessage().startsWith("refusing to serve 0.0.0.0 without a bearer token"), refused.getMessage());
        open.withAllowOpenRemote(true).checkExposure();
        new ApiSettings("0.0.0.0", 0, 1 << 20, "s3cret").checkExposure();
        new ApiSettings("localhost", 0, 1 << 20, "").checkExposure();
        new ApiSettings("::1", 0, 1 << 20, "").checkExposure();

        // The command line refuses before it starts a node (a --config clears any LASSO_TOKEN).
        Path noToken = folder.resolve("no-token.conf");
        Files.writeString(noToken, "lasso.grpc.token = \"\"\n");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Lasso.run("serve", "--host", "0.0.0.0", "--port", "0", "--config", noToken.toString());
        } finally {
            System.setErr(err);
        }
        assertEquals(2, exit);
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("error: refusing to serve 0.0.0.0 without a bearer "
                + "token"), captured.toString(StandardCharsets.UTF_8));
    }
}
