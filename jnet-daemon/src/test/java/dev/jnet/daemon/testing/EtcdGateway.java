package dev.jnet.daemon.testing;

import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.ThrowawayNs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The test etcd of a {@link FakeCluster} seen through independent eyes: its HTTP gateway, called with curl
 * from the underlay namespace, never through jnet's own client.
 */
public final class EtcdGateway {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EtcdGateway() {}

    /** Every key under {@code prefix} with its value. */
    public static Map<String, String> range(ThrowawayNs underlay, String prefix) {
        String end = prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
        JsonNode answer = JSON.readTree(call(underlay, "range", "{\"key\": \"" + b64(prefix) + "\", \"range_end\": \""
                + b64(end) + "\"}"));
        Map<String, String> entries = new TreeMap<>();
        for (JsonNode kv : answer.path("kvs")) {
            entries.put(text(kv.path("key").asString()), text(kv.path("value").asString()));
        }
        return entries;
    }

    /** The value at {@code key}; empty text if there is none. */
    public static String value(ThrowawayNs underlay, String key) {
        JsonNode answer = JSON.readTree(call(underlay, "range", "{\"key\": \"" + b64(key) + "\"}"));
        return text(answer.path("kvs").path(0).path("value").asString());
    }

    /** etcd's revision: one more with each write (a transaction counts once). */
    public static long revision(ThrowawayNs underlay) {
        return JSON.readTree(call(underlay, "range", "{\"key\": \"" + b64("/") + "\"}")).path("header").path("revision").asLong();
    }

    public static void put(ThrowawayNs underlay, String key, String value) {
        call(underlay, "put", "{\"key\": \"" + b64(key) + "\", \"value\": \"" + b64(value) + "\"}");
    }

    public static void delete(ThrowawayNs underlay, String key) {
        call(underlay, "deleterange", "{\"key\": \"" + b64(key) + "\"}");
    }

    private static String call(ThrowawayNs underlay, String call, String body) {
        Command.Result r = underlay.exec("curl", "-s", "-m", "5", "-X", "POST", "http://" + FakeCluster.ETCD_ADDRESS
                + ":2379/v3/kv/" + call, "-d", body);
        if (r.exitCode() != 0) {
            throw new AssertionError("etcd's HTTP gateway did not answer " + call + ": " + r.stderr());
        }
        return r.stdout();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
