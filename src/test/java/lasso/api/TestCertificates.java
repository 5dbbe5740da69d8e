package lasso.api;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Certificates for TLS tests, made afresh in a temporary folder by each test that needs them (no
 * private key is committed): a certificate authority, a server certificate for {@code localhost} and
 * {@code 127.0.0.1}, and a client certificate, all signed by the authority, as PEM files.
 */
record TestCertificates(Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

    static TestCertificates create(Path folder) throws IOException, GeneralSecurityException {
        try {
            KeyPair caKeys = keys();
            X500Name caName = new X500Name("CN=Lasso test CA");
            X509CertificateHolder ca = sign(new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, from(), until(),
                    caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)), caKeys);

            KeyPair serverKeys = keys();
            X509CertificateHolder server = sign(new JcaX509v3CertificateBuilder(caName, BigInteger.TWO, from(), until(),
                    new X500Name("CN=localhost"), serverKeys.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1")}))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)),
                    caKeys);

            KeyPair clientKeys = keys();
            X509CertificateHolder client = sign(new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(3), from(),
                    until(), new X500Name("CN=lasso test client"), clientKeys.getPublic())
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)),
                    caKeys);

            TestCertificates files = new TestCertificates(folder.resolve("ca.pem"), folder.resolve("server.pem"),
                    folder.resolve("server.key"), folder.resolve("client.pem"), folder.resolve("client.key"));
            pem(files.ca(), ca);
            pem(files.serverCert(), server);
            pem(files.serverKey(), new JcaPKCS8Generator(serverKeys.getPrivate(), null));
            pem(files.clientCert(), client);
            pem(files.clientKey(), new JcaPKCS8Generator(clientKeys.getPrivate(), null));
            return files;
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509CertificateHolder sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws org.bouncycastle.operator.OperatorCreationException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate());
        return builder.build(signer);
    }

    private static Date from() {
        return Date.from(Instant.now().minus(Duration.ofDays(1)));
    }

    private static Date until() {
        return Date.from(Instant.now().plus(Duration.ofDays(2)));
    }

    private static void pem(Path file, Object value) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            pem.writeObject(value);
        }
    }
}
