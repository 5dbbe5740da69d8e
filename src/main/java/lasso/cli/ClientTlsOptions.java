package lasso.cli;

import lasso.api.LassoClient;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** How a command that talks to a server speaks TLS. */
final class ClientTlsOptions {

    @Option(names = "--tls", description = "Speak TLS to the server, trusting the JVM's certificate authorities "
            + "(implied by --tls-ca).")
    boolean tls;

    @Option(names = "--tls-ca", paramLabel = "CA.pem", description = "Trust the server certificate this authority signed.")
    Path ca;

    @Option(names = "--tls-cert", paramLabel = "CERT.pem",
            description = "This client's certificate, for a server that requires one (mutual TLS; with --tls-key).")
    Path certificate;

    @Option(names = "--tls-key", paramLabel = "KEY.pem", description = "The client certificate's PKCS#8 private key.")
    Path key;

    /** The TLS settings, or null for plaintext. */
    LassoClient.Tls settings() {
        if (!tls && ca == null && certificate == null && key == null) {
            return null;
        }
        return new LassoClient.Tls(ca, certificate, key);
    }
}
