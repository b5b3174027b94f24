package com.rcistream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private CA and the PKCS12 stores a TLS test needs, made at test time with the JDK's own keytool in a directory the
 * caller owns: a trust store holding the CA, the broker's key store (its certificate, signed by the CA, names
 * 127.0.0.1 and localhost, so that clients verify the host as they do by default) and a client's key store (for
 * mutual TLS). Nothing is checked in; the certificates expire after two days.
 */
public final class TestCertificates {

    public static final String TRUSTSTORE_PASSWORD = "trust-St0re-Pa55";
    public static final String BROKER_KEYSTORE_PASSWORD = "broker-K3y-Pa55";
    public static final String CLIENT_KEYSTORE_PASSWORD = "client-K3y-Pa55";
    private static final String CA_PASSWORD = "ca-K3y-Pa55";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes the CA, the trust store and both key stores in the directory (about 5 s: a dozen keytool runs). */
    public static TestCertificates createIn(Path dir) {
        TestCertificates certs = new TestCertificates(dir);
        certs.keyPair("ca", "CN=rci-stream test CA", CA_PASSWORD, "-ext", "bc:c");
        certs.keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-storepass",
                CA_PASSWORD,
                "-file",
                "ca.pem");
        certs.keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                "ca.pem",
                "-keystore",
                "truststore.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                TRUSTSTORE_PASSWORD);
        certs.signed("broker", "CN=127.0.0.1", BROKER_KEYSTORE_PASSWORD);
        certs.signed("client", "CN=rci-stream", CLIENT_KEYSTORE_PASSWORD);
        return certs;
    }

    /** PKCS12, the CA's certificate only. */
    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** PKCS12, the broker's key and its certificate chain. */
    public Path brokerKeystore() {
        return dir.resolve("broker.p12");
    }

    /** PKCS12, a client's key and its certificate chain; the key's password is the store's. */
    public Path clientKeystore() {
        return dir.resolve("client.p12");
    }

    /** A key pair in name.p12 whose certificate the CA signs, installed with its chain. */
    private void signed(String name, String subject, String password) {
        String store = name + ".p12";
        keyPair(name, subject, password);
        keytool("-certreq", "-alias", name, "-keystore", store, "-storepass", password, "-file", name + ".csr");
        keytool(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-storepass",
                CA_PASSWORD,
                "-infile",
                name + ".csr",
                "-outfile",
                name + ".pem",
                "-ext",
                "san=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2");
        try {
            Files.writeString(
                    dir.resolve(name + "-chain.pem"),
                    Files.readString(dir.resolve(name + ".pem")) + Files.readString(dir.resolve("ca.pem")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                name,
                "-file",
                name + "-chain.pem",
                "-keystore",
                store,
                "-storepass",
                password);
    }

    /** An EC key pair (quick to make) with a self-signed certificate in alias.p12. */
    private void keyPair(String alias, String subject, String password, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-dname",
                subject,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-keystore",
                alias + ".p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                password));
        args.addAll(List.of(more));
        keytool(args.toArray(String[]::new));
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                // a short-lived JVM: the first compiler tier is enough
                "-J-XX:TieredStopAtLevel=1"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
