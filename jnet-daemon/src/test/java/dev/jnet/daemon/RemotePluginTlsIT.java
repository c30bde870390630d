package dev.jnet.daemon;

import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.JnetdProcess;
import dev.jnet.daemon.testing.TestPlugin;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Docker plugin over TCP with TLS, found by its {@code .json} spec file: jnetd (a process in the fake host)
 * checks the plugin's certificate against {@code CAFile} and presents {@code CertFile} with {@code KeyFile}
 * (a PKCS#1 RSA key and a PKCS#8 one), as the plugin demands; without a client certificate the plugin refuses
 * the handshake and the create fails naming the plugin.
 */
@ExtendWith(NetnsExtension.class)
class RemotePluginTlsIT {
    private static final String ADDRESS = "127.0.0.1:9443";

    /** A CA, a server certificate for 127.0.0.1 and a client certificate (CN jnetd-client), in {@code dir}. */
    private static void certificates(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\n");
        for (String command : new String[] {
                "req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 1 -subj /CN=test-ca",
                "req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=plugin",
                "x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 -extfile server.ext",
                "req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout client-ec.key -out client-ec.csr -subj /CN=jnetd-ec",
                "x509 -req -in client-ec.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client-ec.pem -days 1",
                "req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=jnetd-client",
                "x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 1",
                "rsa -in client.key -traditional -out client-rsa.key"}) {
            ProcessBuilder openssl = new ProcessBuilder(("openssl " + command).split(" ")).directory(dir.toFile());
            Command.Result r = Command.run(openssl);
            assertThat(r.exitCode()).as("openssl " + command + ": " + r.stderr()).isZero();
        }
        assertThat(Files.readString(dir.resolve("client-rsa.key"))).contains("BEGIN RSA PRIVATE KEY");
        assertThat(Files.readString(dir.resolve("client-ec.key"))).contains("BEGIN PRIVATE KEY");
    }

    private static void spec(Path specs, String name, Path tls, String cert, String key) throws Exception {
        String client = (cert == null ? "" : ", \"CertFile\": \"" + tls.resolve(cert) + "\"")
                + (key == null ? "" : ", \"KeyFile\": \"" + tls.resolve(key) + "\"");
        Files.writeString(specs.resolve(name + ".json"), """
                {"Name": "%s", "Addr": "tcp://%s", "TLSConfig": {"CAFile": "%s"%s}}""".formatted(name, ADDRESS,
                tls.resolve("ca.pem"), client));
    }

    @Test
    void aTlsPluginIsReachedWithTheSpecsCaAndClientCertificateAndRefusesAClientWithout(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            Path tls = host.directory().resolve("tls");
            Path specs = Files.createDirectories(host.directory().resolve("specs"));
            certificates(tls);
            ns.exec("ip", "link", "set", "lo", "up");
            spec(specs, "tp", tls, "client.pem", "client-rsa.key");
            spec(specs, "tpec", tls, "client-ec.pem", "client-ec.key");
            spec(specs, "tq", tls, null, null);
            spec(specs, "tr", tls, "client.pem", null);
            Map<String, String> serverTls = Map.of("PLUGIN_TLS_CERT", tls.resolve("server.pem").toString(),
                    "PLUGIN_TLS_KEY", tls.resolve("server.key").toString(), "PLUGIN_TLS_CA", tls.resolve("ca.pem").toString());
            try (TestPlugin plugin = TestPlugin.startTcp(ns, host.directory().resolve("plugin"), "tp", "bridge-plugin.py",
                    ADDRESS, serverTls);
                 JnetdProcess jnetd = JnetdProcess.start(host, "--plugin-spec-dir", specs.toString(), "--plugin-socket-dir",
                         host.directory().resolve("no-sockets").toString(), "--plugin-timeout", "2")) {
                jnetd.awaitReady(Duration.ofMinutes(2));
                var made = host.client().post("/v1/networks", """
                        {"name": "secure", "driver": "tp", "ipv4": [{"subnet": "10.71.0.0/24"}]}""");
                assertThat(made.status()).as(made + "\n" + jnetd.log()).isEqualTo(201);
                assertThat(plugin.calls().getLast().path("call").asString()).isEqualTo("NetworkDriver.CreateNetwork");
                assertThat(plugin.calls().getLast().path("peer").asString()).as("the client certificate").isEqualTo("jnetd-client");
                var ec = host.client().post("/v1/networks", """
                        {"name": "secure-ec", "driver": "tpec", "ipv4": [{"subnet": "10.72.0.0/24"}]}""");
                assertThat(ec.status()).as(ec.toString()).isEqualTo(201);
                assertThat(plugin.calls().getLast().path("peer").asString()).isEqualTo("jnetd-ec");

                var without = host.client().post("/v1/networks", "{\"name\": \"plain\", \"driver\": \"tq\"}");
                assertThat(without.status()).as(without.toString()).isEqualTo(503);
                assertThat(without.message()).contains("plugin tq");
                var half = host.client().post("/v1/networks", "{\"name\": \"half\", \"driver\": \"tr\"}");
                assertThat(half.status()).as(half.toString()).isEqualTo(400);
                assertThat(half.message()).contains("CertFile and KeyFile go together");
                assertThat(host.client().get("/v1/networks/plain").status()).isEqualTo(404);
            }
        }
    }
}
