package dev.jnet.daemon.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hostile requests for jnetd's two APIs, made from a seeded {@link Random} so that a failing run can be
 * repeated: malformed JSON, values of the wrong type, huge and deeply nested bodies, odd names, invalid
 * CIDRs, traversal paths, unknown methods, hostile filters and broken headers. Each is a complete request
 * (the server never waits for more bytes than it was told about), sent with {@code Connection: close}.
 */
public final class HostileRequests {
    /** Which API a request is for. */
    public enum Api { NATIVE, DOCKER }

    /** One request: its API, its bytes, and a short description for a failure message. */
    public record Hostile(Api api, byte[] bytes, String description) {}

    private static final String[] NATIVE_BODIES = {
            "{\"name\":\"fz\",\"driver\":\"bridge\",\"internal\":false,\"ipv4\":[{\"subnet\":\"10.99.0.0/24\",\"gateway\":\"10.99.0.1\","
                    + "\"ipRange\":\"10.99.0.0/25\",\"auxAddresses\":{\"a\":\"10.99.0.5\"}}],\"labels\":{\"k\":\"v\"},\"options\":{}}",
            "{\"name\":\"fz\",\"hostname\":\"h\",\"hostNetwork\":false,\"dns\":{\"servers\":[\"192.0.2.1\"],\"search\":[\"x\"],"
                    + "\"options\":[\"ndots:1\"]},\"extraHosts\":[\"a:192.0.2.2\"]}",
            "{\"sandbox\":\"nosuch\",\"ipv4\":\"172.17.0.9\",\"ipv6\":\"fd00::9\",\"aliases\":[\"a\"],\"mac\":\"02:42:ac:11:00:09\","
                    + "\"driverOptions\":{},\"ports\":[\"8080:80/tcp\"]}",
            "{\"sandbox\":\"nosuch\",\"force\":true}",
            "{\"labels\":{\"x\":\"y\"}}"};
    private static final String[] NATIVE_POSTS = {"/v1/networks", "/v1/sandboxes", "/v1/networks/bridge/connect",
            "/v1/networks/bridge/disconnect", "/v1/networks/prune"};
    private static final String[] DOCKER_BODIES = {
            "{\"Name\":\"fz\",\"Driver\":\"bridge\",\"Internal\":false,\"IPAM\":{\"Driver\":\"default\",\"Options\":{},\"Config\":"
                    + "[{\"Subnet\":\"10.98.0.0/24\",\"Gateway\":\"10.98.0.1\",\"IPRange\":\"10.98.0.0/25\",\"AuxiliaryAddresses\":"
                    + "{\"a\":\"10.98.0.5\"}}]},\"Labels\":{\"k\":\"v\"},\"Options\":{}}",
            "{\"Container\":\"nosuch\",\"EndpointConfig\":{\"IPAMConfig\":{\"IPv4Address\":\"172.17.0.9\"},\"Aliases\":[\"a\"]}}",
            "{\"Container\":\"nosuch\",\"Force\":true}"};
    private static final String[] DOCKER_POSTS = {"/networks/create", "/networks/bridge/connect", "/networks/bridge/disconnect"};
    private static final String[] ODD_NAMES = {"", " ", "..", "../..", "a b", "-x", ".x", "x\u0000y", "x\ny", "\u00e9t\u00e9",
            "\ud83d\ude00", "a".repeat(129), "a".repeat(5000), "%00", "%2e%2e", "$(reboot)", "'; DROP TABLE networks;--",
            "{\"$gt\":\"\"}", "\u202eevil", "CON", "x/y", "x\\y", "*", "?", "#"};
    private static final String[] BAD_CIDRS = {"10.0.0.0/33", "10.0.0/24", "10.0.0.0/", "/24", "300.1.1.1/24", "10.0.0.0/-1",
            "::/129", "fe80::/64%eth0", "10.0.0.0/24/24", "0x0a000000/8", "10.0.0.0 /24", "1e3", "", " ", "10.0.0.1-10.0.0.9",
            "a.b.c.d/8", "10.0.0.256", "10.0.0.0/8/", "ten/8"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "get", "PROPFIND",
            "MKCOL", "X".repeat(300), "G\u00c9T", "POST\u0000"};
    private static final String[] TRAVERSALS = {"/networks/....//....//etc", "/networks/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
            "/networks/%2e%2e/%2e%2e/etc", "/../../etc/passwd", "/networks/..%2Fsecret", "/networks/%5c..%5c", "/networks/%ff",
            "/networks/..;/x", "//networks", "/networks/%252e%252e/", "/networks/.%00./", "/./networks/./"};
    private static final String[] REGEXES = {"(.*.){30}x", "(a+)+$", "(a|aa)+$", "((a{999}){999}){999}", "(x{1000}){1000}",
            "[", "(?=a)", "\\", "(((((((((((((((((((((((((((((x)))))))))))))))))))))))))))))*", "a{1001}", ".*.*.*.*.*.*.*.*.*.*=",
            "\\p{Greek}+", "(?i)BRIDGE", "^$", "[[:alpha:]]{1000}"};

    /** A string value in a template: after a colon or in a list, before a comma, brace or bracket. */
    private static final Pattern STRING_VALUE = Pattern.compile("[:\\[,](\"[^\"]*\")(?=[,}\\]])");

    private final Random random;

    public HostileRequests(Random random) {
        this.random = random;
    }

    /** The next hostile request. */
    public Hostile next() {
        Api api = random.nextBoolean() ? Api.NATIVE : Api.DOCKER;
        List<Function<Api, Hostile>> kinds = List.of(this::malformedJson, this::wrongType, this::wrongType, this::oddName,
                this::badCidr, this::traversal, this::unknownMethod, this::nested, this::brokenHeaders, this::hostileFilter,
                this::hostileQuery, this::huge);
        int pick = random.nextInt(100);
        Function<Api, Hostile> kind = pick < 2 ? this::huge : kinds.get(random.nextInt(kinds.size() - 1));
        return kind.apply(api);
    }

    /** The body template of the last {@link #template} call's path, so that a mutated body goes where it belongs. */
    private int chosen;

    private String template(Api api) {
        chosen = random.nextInt(api == Api.NATIVE ? NATIVE_BODIES.length : DOCKER_BODIES.length);
        return api == Api.NATIVE ? NATIVE_BODIES[chosen] : DOCKER_BODIES[chosen];
    }

    /** The path that takes the last template's body (mostly), or another one. */
    private String postPath(Api api) {
        String[] paths = api == Api.NATIVE ? NATIVE_POSTS : DOCKER_POSTS;
        String path = random.nextInt(4) > 0 ? paths[chosen % paths.length] : paths[random.nextInt(paths.length)];
        return api == Api.NATIVE ? path : dockerPrefix() + path;
    }

    private String dockerPrefix() {
        return random.nextBoolean() ? "" : "/v1." + (24 + random.nextInt(27));
    }

    private String prefix(Api api) {
        return api == Api.NATIVE ? "/v1" : dockerPrefix();
    }

    private Hostile malformedJson(Api api) {
        String body = template(api);
        String broken = switch (random.nextInt(8)) {
            case 0 -> body.substring(0, random.nextInt(body.length()));
            case 1 -> body + "}";
            case 2 -> body.replace(":", ":" + "\u0000".repeat(random.nextInt(3)));
            case 3 -> body.replace("\"", random.nextBoolean() ? "'" : "");
            case 4 -> body.replaceFirst("\\{", "{/*c*/");
            case 5 -> "\ufeff" + body;
            case 6 -> body.replaceFirst("\"fz\"", "NaN");
            default -> randomBytes(1 + random.nextInt(200));
        };
        return post(api, postPath(api), broken, "malformed JSON");
    }

    /** A value of the template replaced with one of another JSON type. */
    private Hostile wrongType(Api api) {
        String body = template(api);
        String[] values = {"42", "-1.5e308", "true", "[]", "[1,2]", "{}", "{\"a\":1}", "\"x\"", "99999999999999999999999"};
        String replacement = values[random.nextInt(values.length)];
        String mutated = switch (random.nextInt(4)) {
            case 0 -> body.replaceFirst("\"[a-z0-9.:/-]+\"(?=[,}\\]])", replacement);
            case 1 -> body.replaceFirst("(true|false)", replacement.equals("true") ? "\"false\"" : replacement);
            case 2 -> body.replaceFirst("\\[[^\\[\\]]*\\]", replacement.startsWith("[") ? "\"x\"" : replacement);
            default -> body.replaceFirst("\\{\"[A-Za-z]+\":\"[^\"]*\"\\}", replacement.startsWith("{") ? "7" : replacement);
        };
        return post(api, postPath(api), mutated, "wrong type");
    }

    private Hostile oddName(Api api) {
        String name = ODD_NAMES[random.nextInt(ODD_NAMES.length)];
        if (random.nextBoolean()) {
            String key = api == Api.NATIVE ? "name" : "Name";
            String body = "{\"" + key + "\":" + jsonString(name) + "}";
            return post(api, api == Api.NATIVE ? "/v1/networks" : "/networks/create", body, "odd name");
        }
        String[] methods = {"GET", "DELETE"};
        String path = prefix(api) + "/networks/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        return request(api, methods[random.nextInt(2)], path, "", "odd name in path");
    }

    /** One string value of a template, chosen at random, replaced with an empty one, an invalid address or an odd name. */
    private Hostile badCidr(Api api) {
        String body = template(api);
        List<int[]> values = new ArrayList<>();
        Matcher m = STRING_VALUE.matcher(body);
        while (m.find()) {
            values.add(new int[] {m.start(1), m.end(1)});
        }
        int[] at = values.get(random.nextInt(values.size()));
        int dice = random.nextInt(8);
        String bad = dice < 2 ? "" : dice < 6 ? BAD_CIDRS[random.nextInt(BAD_CIDRS.length)] : ODD_NAMES[random.nextInt(ODD_NAMES.length)];
        String mutated = body.substring(0, at[0]) + jsonString(bad) + body.substring(at[1]);
        return post(api, postPath(api), mutated.replace("\"fz\"", "\"fz" + random.nextInt(1000) + "\""),
                "invalid value " + bad);
    }

    private Hostile traversal(Api api) {
        String target = prefix(api) + TRAVERSALS[random.nextInt(TRAVERSALS.length)];
        return request(api, METHODS[random.nextInt(8)], target, "", "traversal");
    }

    private Hostile unknownMethod(Api api) {
        String method = METHODS[random.nextInt(METHODS.length)];
        String[] paths = {"/networks", "/_ping", "/networks/bridge", "/sandboxes", "/system/info", "/info", "/version"};
        return request(api, method, prefix(api) + paths[random.nextInt(paths.length)], "", "method " + method);
    }

    private Hostile nested(Api api) {
        int depth = 100 + random.nextInt(20_000);
        boolean arrays = random.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        String inner = open.repeat(depth) + "1" + close.repeat(random.nextBoolean() ? depth : depth / 2);
        String key = api == Api.NATIVE ? "labels" : "Labels";
        String body = random.nextBoolean() ? inner : "{\"" + key + "\":" + inner + "}";
        return post(api, postPath(api), body, "nested " + depth);
    }

    private Hostile brokenHeaders(Api api) {
        String path = postPath(api);
        String body = template(api);
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        String headers = switch (random.nextInt(7)) {
            case 0 -> "Content-Length: " + length + "\r\nTransfer-Encoding: chunked\r\n";
            case 1 -> "Content-Length: " + length + "\r\nContent-Length: " + (length + 1) + "\r\n";
            case 2 -> "Content-Length: -" + length + "\r\n";
            case 3 -> "Content-Length: " + length + "\r\n X-Folded: yes\r\n";
            case 4 -> "Content-Length: " + length + "\r\nX-Big: " + "h".repeat(9000 + random.nextInt(20_000)) + "\r\n";
            case 5 -> "Content-Length: " + length + "\r\nTransfer-Encoding: gzip, chunked, identity\r\n";
            default -> "Content-Length : " + length + "\r\n";
        };
        String raw = "POST " + path + " HTTP/1.1\r\nHost: jnet\r\nConnection: close\r\n" + headers + "\r\n" + body;
        return new Hostile(api, raw.getBytes(StandardCharsets.UTF_8), "broken headers");
    }

    private Hostile hostileFilter(Api api) {
        StringBuilder json = new StringBuilder("{");
        int keys = 1 + random.nextInt(3);
        String[] names = {"name", "id", "driver", "label", "until", "dangling", "type", "scope", "nosuch"};
        for (int k = 0; k < keys; k++) {
            json.append(k == 0 ? "" : ",").append(jsonString(names[random.nextInt(names.length)])).append(":[")
                    .append(jsonString(REGEXES[random.nextInt(REGEXES.length)])).append("]");
        }
        String query = "?filters=" + URLEncoder.encode(json.append("}").toString(), StandardCharsets.UTF_8);
        if (api == Api.NATIVE) {
            return request(api, "GET", "/v1/networks" + query, "", "filter on the native API");
        }
        boolean prune = random.nextInt(4) == 0;
        return request(api, prune ? "POST" : "GET", dockerPrefix() + (prune ? "/networks/prune" : "/networks") + query, "",
                "filter");
    }

    private Hostile hostileQuery(Api api) {
        String[] queries = {"?a=%zz", "?%", "?filters=%7B", "?verbose=maybe", "?scope=" + "s".repeat(3000), "?a=1&a=2&a=3",
                "?filters=" + "%5B".repeat(2000), "?=", "?&&&", "?filters={\"name\":{\"x\":\"notbool\"}}"};
        String target = prefix(api) + (random.nextBoolean() ? "/networks" : "/networks/bridge") + queries[random.nextInt(queries.length)];
        return request(api, "GET", target, "", "hostile query");
    }

    private Hostile huge(Api api) {
        int size = (1 << 20) + 1 + random.nextInt(1 << 19);
        String key = api == Api.NATIVE ? "name" : "Name";
        String body = "{\"" + key + "\":\"" + "x".repeat(size) + "\"}";
        if (random.nextBoolean()) {
            String raw = "POST " + postPath(api) + " HTTP/1.1\r\nHost: jnet\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
            return new Hostile(api, raw.getBytes(StandardCharsets.UTF_8), "huge chunked body");
        }
        return post(api, postPath(api), body, "huge body");
    }

    private Hostile post(Api api, String path, String body, String description) {
        return request(api, "POST", path, body, description);
    }

    private static Hostile request(Api api, String method, String target, String body, String description) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + target + " HTTP/1.1\r\nHost: jnet\r\nConnection: close\r\n"
                + (content.length > 0 || method.equals("POST") ? "Content-Type: application/json\r\nContent-Length: "
                + content.length + "\r\n" : "") + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        byte[] raw = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, raw, 0, headBytes.length);
        System.arraycopy(content, 0, raw, headBytes.length, content.length);
        return new Hostile(api, raw, description + ": " + method + " " + abbreviate(target) + " " + abbreviate(body));
    }

    private String randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "...(" + text.length() + " chars)" : text;
    }
}
