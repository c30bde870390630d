package dev.jnet.cluster.etcd;

import dev.jnet.cluster.StoreConfig;
import dev.jnet.cluster.testing.EtcdServer;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.testing.Command;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.auth.Permission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The store over TLS with client certificates, and with etcd's users and passwords, against a real etcd. */
class EtcdSecurityTest {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    @TempDir
    Path dir;

    private void openssl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(OPENSSL.toString()));
        command.addAll(List.of(args));
        Command.run(command).orFail(command);
    }

    /** A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by that CA (EC P-256, PKCS#8 keys). */
    private void makeCertificates() throws Exception {
        for (String name : List.of("ca", "server", "client", "stranger")) {
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", dir.resolve(name + ".key").toString());
        }
        openssl("req", "-x509", "-new", "-key", dir.resolve("ca.key").toString(), "-subj", "/CN=jnet test CA", "-days", "2",
                "-out", dir.resolve("ca.pem").toString());
        openssl("req", "-x509", "-new", "-key", dir.resolve("stranger.key").toString(), "-subj", "/CN=stranger", "-days", "2",
                "-out", dir.resolve("stranger.pem").toString());
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        for (String name : List.of("server", "client")) {
            openssl("req", "-new", "-key", dir.resolve(name + ".key").toString(), "-subj", "/CN=" + name,
                    "-out", dir.resolve(name + ".csr").toString());
            openssl("x509", "-req", "-in", dir.resolve(name + ".csr").toString(), "-CA", dir.resolve("ca.pem").toString(),
                    "-CAkey", dir.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2", "-extfile",
                    dir.resolve(name + ".ext").toString(), "-out", dir.resolve(name + ".pem").toString());
        }
    }

    @Test
    void overTlsWithAClientCertificateTheStoreWorksAndWithoutOneEtcdRefusesIt() throws Exception {
        assumeThat(EtcdServer.missing()).as("etcd").isEmpty();
        assumeThat(Files.isExecutable(OPENSSL)).as(OPENSSL + " (Debian's openssl) makes the test certificates").isTrue();
        makeCertificates();
        List<String> tls = List.of("--cert-file", dir.resolve("server.pem").toString(), "--key-file", dir.resolve("server.key").toString(),
                "--trusted-ca-file", dir.resolve("ca.pem").toString(), "--client-cert-auth");
        try (EtcdServer etcd = EtcdServer.start(List.of(), "127.0.0.1", 23750, tls, true)) {
            StoreConfig base = StoreConfig.of(StoreConfig.parseEndpoints("etcd://127.0.0.1:23750", true)).withTimeout(Duration.ofSeconds(3));
            StoreConfig.Tls mine = new StoreConfig.Tls(dir.resolve("ca.pem"), Optional.of(dir.resolve("client.pem")),
                    Optional.of(dir.resolve("client.key")));
            try (EtcdStore store = EtcdStore.connect(base.withTls(mine))) {
                assertThat(store.claim("/t/tls", "a").won()).isTrue();
                assertThat(store.get("/t/tls")).contains("a");
            }
            StoreConfig.Tls stranger = new StoreConfig.Tls(dir.resolve("ca.pem"), Optional.of(dir.resolve("stranger.pem")),
                    Optional.of(dir.resolve("stranger.key")));
            try (EtcdStore store = EtcdStore.connect(base.withTls(stranger))) {
                assertThatThrownBy(() -> store.get("/t/tls")).as("a certificate etcd's CA did not sign").isInstanceOf(JnetException.class);
            }
        }
    }

    @Test
    void withAuthenticationOnTheRightPasswordWorksAndAWrongOneIsForbidden() throws Exception {
        assumeThat(EtcdServer.missing()).as("etcd").isEmpty();
        try (EtcdServer etcd = EtcdServer.start(List.of(), "127.0.0.1", 23740)) {
            try (Client admin = Client.builder().endpoints(etcd.clientUrl()).build()) {
                var auth = admin.getAuthClient();
                auth.roleAdd(bytes("root")).get(10, TimeUnit.SECONDS);
                auth.userAdd(bytes("root"), bytes("rootpw")).get(10, TimeUnit.SECONDS);
                auth.userGrantRole(bytes("root"), bytes("root")).get(10, TimeUnit.SECONDS);
                auth.roleAdd(bytes("jnet")).get(10, TimeUnit.SECONDS);
                auth.roleGrantPermission(bytes("jnet"), bytes("/jnet/"), bytes("/jnet0"), Permission.Type.READWRITE)
                        .get(10, TimeUnit.SECONDS);
                auth.userAdd(bytes("jnet"), bytes("s3cret")).get(10, TimeUnit.SECONDS);
                auth.userGrantRole(bytes("jnet"), bytes("jnet")).get(10, TimeUnit.SECONDS);
                auth.authEnable().get(10, TimeUnit.SECONDS);
            }
            StoreConfig base = StoreConfig.of(List.of(etcd.clientUrl())).withTimeout(Duration.ofSeconds(3));
            try (EtcdStore store = EtcdStore.connect(base.withCredentials("jnet", "s3cret"))) {
                assertThat(store.claim("/jnet/v1/t", "a").won()).isTrue();
                assertThatThrownBy(() -> store.get("/other/key")).as("outside the role's keys")
                        .extracting(e -> ((JnetException) e).kind()).isEqualTo(ErrorKind.FORBIDDEN);
            }
            try (EtcdStore store = EtcdStore.connect(base.withCredentials("jnet", "wrong"))) {
                assertThatThrownBy(() -> store.get("/jnet/v1/t")).isInstanceOf(JnetException.class)
                        .hasMessageContaining("check the etcd user").extracting(e -> ((JnetException) e).kind()).isEqualTo(ErrorKind.FORBIDDEN);
            }
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
