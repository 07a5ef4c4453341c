package dev.relay.gateway.fleet;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A fresh self-signed PEM certificate and key for localhost (made with openssl), handed to the gateway exactly as an
 * operator would: certificate and key files, TLS port chosen at random.
 */
public class SelfSignedCertificate implements QuarkusTestResourceLifecycleManager {

    private static volatile Path certFile;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("relay-tls");
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", key.toString(), "-out", cert.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                throw new IllegalStateException("openssl failed: " + Files.readString(dir.resolve("openssl.log")));
            }
            certFile = cert;
            return Map.of(
                    "quarkus.http.ssl.certificate.files", cert.toString(),
                    "quarkus.http.ssl.certificate.key-files", key.toString(),
                    "quarkus.http.test-ssl-port", "0");
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a test certificate", e);
        }
    }

    @Override
    public void stop() {
    }

    /** A trust manager that trusts exactly the generated certificate. */
    public static X509TrustManager trustManager() throws Exception {
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(certFile)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("relay-test", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    /** An SSL context that trusts exactly the generated certificate. */
    public static SSLContext trustingIt() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustManager()}, null);
        return context;
    }
}
