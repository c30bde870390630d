package dev.jnet.kernel.nft;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** nftables scripts applied through libnftables inside a namespace, checked with {@code nft -j} there. */
@ExtendWith(NetnsExtension.class)
class NftablesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SCRIPT = """
            table inet jnettest {
                set blocked {
                    type ipv4_addr
                    elements = { 192.0.2.1, 198.51.100.7 }
                }
                chain input {
                    type filter hook input priority 0; policy accept;
                    ip saddr @blocked drop
                }
            }
            """;

    /** The ruleset's objects (metainfo left out), as nft's JSON prints them. */
    private static List<JsonNode> objects(JsonNode ruleset) {
        List<JsonNode> out = new ArrayList<>();
        ruleset.path("nftables").forEach(n -> {
            if (!n.has("metainfo")) {
                out.add(n);
            }
        });
        return out;
    }

    private static List<JsonNode> observed(ThrowawayNs ns) {
        return objects(ns.json("nft", "-j", "list", "ruleset"));
    }

    private static List<String> tableNames(List<JsonNode> objects) {
        return objects.stream().filter(n -> n.has("table"))
                .map(n -> n.path("table").path("family").asString() + " " + n.path("table").path("name").asString())
                .toList();
    }

    private static JsonNode find(List<JsonNode> objects, String kind, String name) {
        return objects.stream().filter(n -> n.path(kind).path("name").asString().equals(name)).findFirst()
                .map(n -> n.path(kind)).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + objects));
    }

    /**
     * The call fails with {@code kind}, and its message quotes nft (and no temporary file of jnet's);
     * returns the message.
     */
    private static String assertKind(Runnable call, ErrorKind kind, String... messageParts) {
        JnetException e = catchThrowableOfType(JnetException.class, call::run);
        assertThat(e).as("expected a JnetException").isNotNull();
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.getMessage()).contains(messageParts).doesNotContain("jnet-nft-");
        return e.getMessage();
    }

    @Test
    void appliesATableWithAChainAndASetThatTheObserverSeesInThatNamespaceOnly(ThrowawayNs ns, ThrowawayNs other) {
        ns.nft().apply(SCRIPT);

        List<JsonNode> seen = observed(ns);
        assertThat(tableNames(seen)).containsExactly("inet jnettest");
        JsonNode chain = find(seen, "chain", "input");
        assertThat(chain.path("table").asString()).isEqualTo("jnettest");
        assertThat(chain.path("hook").asString()).isEqualTo("input");
        assertThat(chain.path("policy").asString()).isEqualTo("accept");
        JsonNode set = find(seen, "set", "blocked");
        assertThat(set.path("type").asString()).isEqualTo("ipv4_addr");
        assertThat(set.path("elem").toString()).contains("192.0.2.1", "198.51.100.7");
        assertThat(seen.stream().filter(n -> n.has("rule")).toList()).singleElement()
                .satisfies(r -> assertThat(r.toString()).contains("@blocked", "drop"));

        assertThat(tableNames(observed(other))).isEmpty();
        assertThat(tableNames(objects(JSON.readTree(other.nft().listRulesetJson())))).isEmpty();
        assertThat(Command.check("nft", "-j", "list", "tables")).doesNotContain("jnettest");
    }

    @Test
    void listRulesetJsonAgreesWithTheObserver(ThrowawayNs ns) {
        ns.nft().apply(SCRIPT);

        assertThat(objects(JSON.readTree(ns.nft().listRulesetJson()))).isEqualTo(observed(ns));
        JsonNode table = JSON.readTree(ns.nft().listJson("list table inet jnettest"));
        assertThat(tableNames(objects(table))).containsExactly("inet jnettest");
        assertThat(ns.nft().apply("list tables")).contains("table inet jnettest");
    }

    @Test
    void aScriptThatFailsInTheKernelAtItsSecondCommandChangesNothingAndQuotesThatCommand(ThrowawayNs ns) {
        String message = assertKind(() -> ns.nft().apply("add table inet jnettest\ndelete table inet nosuchtable\n"),
                ErrorKind.NOT_FOUND, "script:2:19-29: Error: Could not process rule: No such file or directory",
                "delete table inet nosuchtable");
        assertThat(message).doesNotContain("add table");
        assertThat(tableNames(observed(ns))).isEmpty();
    }

    @Test
    void aScriptWithAnErrorInItsSecondCommandChangesNothingAndQuotesThatCommand(ThrowawayNs ns) {
        String message = assertKind(() -> ns.nft().apply("add table inet jnettest\nadd chain inet nosuchtable c\n"),
                ErrorKind.NOT_FOUND, "script:2:16-26: Error: No such file or directory", "add chain inet nosuchtable c", "^^^");
        assertThat(message).doesNotContain("add table");
        assertKind(() -> ns.nft().apply("add table inet jnettest\nadd chian inet jnettest c\n"),
                ErrorKind.INVALID, "script:2:", "Error: syntax error", "add chian inet jnettest c");
        assertThat(tableNames(observed(ns))).isEmpty();
        assertThat(tableNames(objects(JSON.readTree(ns.nft().listRulesetJson())))).isEmpty();
    }

    @Test
    void deletingAMissingTableIsNotFoundAndCreatingAnExistingOneIsAConflict(ThrowawayNs ns) {
        assertKind(() -> ns.nft().apply("delete table inet jnettest"), ErrorKind.NOT_FOUND, "No such file or directory");

        ns.nft().apply("add table inet jnettest");
        assertKind(() -> ns.nft().apply("create table inet jnettest"), ErrorKind.CONFLICT, "File exists");

        ns.nft().apply("delete table inet jnettest");
        assertThat(tableNames(observed(ns))).isEmpty();
    }

    @Test
    void aRulesetAppliedOnOneContextIsSeenByAnotherInTheSameNamespace(ThrowawayNs ns) {
        try (Nftables second = Nftables.open(TestKernel.executor(), ns.ns())) {
            second.apply(SCRIPT);
            assertThat(tableNames(objects(JSON.readTree(ns.nft().listRulesetJson())))).containsExactly("inet jnettest");
        }
        assertThat(tableNames(observed(ns))).containsExactly("inet jnettest");
    }

    @Test
    void commandsFromManyThreadsAllTakeEffect(ThrowawayNs ns) {
        Nftables nft = ns.nft();
        nft.apply(SCRIPT);
        List<CompletableFuture<String>> adds = new ArrayList<>();
        for (int i = 10; i < 60; i++) {
            String element = "198.51.100." + i;
            adds.add(CompletableFuture.supplyAsync(() -> nft.apply("add element inet jnettest blocked { " + element + " }")));
        }
        adds.forEach(CompletableFuture::join);

        String elements = find(observed(ns), "set", "blocked").path("elem").toString();
        for (int i = 10; i < 60; i++) {
            assertThat(elements).contains("\"198.51.100." + i + "\"");
        }
    }

    @Test
    void aClosedContextRefusesEveryCommandClearly(ThrowawayNs ns) {
        Nftables nft = Nftables.open(TestKernel.executor(), ns.ns());
        nft.apply("add table inet jnettest");
        nft.close();
        nft.close();

        for (Runnable use : List.<Runnable>of(() -> nft.apply("add table inet other"), nft::listRulesetJson,
                () -> nft.listJson("list tables"))) {
            assertThatThrownBy(use::run).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("nftables context").hasMessageContaining("closed");
        }
        assertThat(tableNames(observed(ns))).containsExactly("inet jnettest");
    }

    @Test
    void aContextIsRefusedRatherThanAbortingWhenLowDescriptorsAreAllTaken(ThrowawayNs ns) {
        java.util.List<Integer> held = new java.util.ArrayList<>();
        try {
            int fd;
            do { // descriptors are handed out lowest first: fill every one below the limit
                fd = dev.jnet.kernel.ffi.Libc.open("/dev/null", dev.jnet.kernel.ffi.Libc.O_RDONLY
                        | dev.jnet.kernel.ffi.Libc.O_CLOEXEC, "fill descriptors");
                held.add(fd);
            } while (fd < Nftables.FD_LIMIT - 1);

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Nftables.open(dev.jnet.kernel.testing.TestKernel.executor(), ns.ns()))
                    .hasMessageContaining("libnftables cannot use a higher one");
        } finally {
            held.forEach(dev.jnet.kernel.ffi.Libc::close);
        }
        try (Nftables nft = Nftables.open(dev.jnet.kernel.testing.TestKernel.executor(), ns.ns())) {
            org.assertj.core.api.Assertions.assertThat(nft.listRulesetJson()).contains("nftables");
        }
    }
}
