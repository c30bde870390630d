package dev.jnet.core.driver.cni;

import dev.jnet.error.JnetException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A CNI network configuration list (a {@code .conflist}, or a single plugin's {@code .conf} read as a list of
 * one), checked: its name, its CNI version, and its plugins in order. What each plugin reads on stdin is
 * built here ({@link #stdin}): the plugin's object with the list's name and version, {@code prevResult}, and
 * the {@code runtimeConfig} keys the plugin declares among its {@code capabilities}.
 *
 * @param checkable whether the list wants CHECK (not {@code "disableCheck": true})
 * @param json the list as jnet keeps it with the network, so that later calls use what the first one did
 */
record ConfList(String name, String cniVersion, List<ObjectNode> plugins, boolean checkable, String json) {
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** The CNI versions whose results jnet reads (the 0.3 result format and later). */
    static final Set<String> VERSIONS = Set.of("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final List<String> EXTENSIONS = List.of(".conflist", ".conf", ".json");

    /** The list a network's {@code cni.conflist} option names: a file's path, or a list's name in {@code confDirs}. */
    static ConfList load(String option, List<Path> confDirs) {
        if (option.isBlank()) {
            throw JnetException.invalid("option cni.conflist must name a CNI configuration list (a file or a list's name)");
        }
        if (option.contains("/")) {
            return read(Path.of(option));
        }
        for (Path dir : confDirs) {
            for (String extension : EXTENSIONS) {
                Path file = dir.resolve(option + extension);
                if (Files.isRegularFile(file)) {
                    return read(file);
                }
            }
        }
        for (Path dir : confDirs) {
            Optional<ConfList> named = byName(dir, option);
            if (named.isPresent()) {
                return named.get();
            }
        }
        throw JnetException.invalid("no CNI configuration list named '" + option + "' in " + confDirs
                + " (give a file's path, or a list's name or file name there)");
    }

    private static Optional<ConfList> byName(Path dir, String name) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                if (EXTENSIONS.stream().anyMatch(e -> file.getFileName().toString().endsWith(e))) {
                    try {
                        ConfList list = read(file);
                        if (list.name().equals(name)) {
                            return Optional.of(list);
                        }
                    } catch (JnetException e) {
                        // another, broken list: not the one asked for
                    }
                }
            }
        } catch (IOException e) {
            throw JnetException.invalid("cannot list CNI configuration directory " + dir + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    static ConfList read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw JnetException.invalid("cannot read CNI configuration list " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses and checks {@code text}; {@code source} names it in errors. */
    static ConfList parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw JnetException.invalid("CNI configuration " + source + " is not JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode object)) {
            throw JnetException.invalid("CNI configuration " + source + " must be a JSON object");
        }
        String name = string(object, "name", source);
        String version = string(object, "cniVersion", source);
        if (!VERSIONS.contains(version)) {
            throw JnetException.invalid("CNI configuration " + source + " has cniVersion " + version + "; jnet speaks "
                    + new java.util.TreeSet<>(VERSIONS));
        }
        List<ObjectNode> plugins = new ArrayList<>();
        if (object.has("plugins")) {
            if (!(object.get("plugins") instanceof ArrayNode array) || array.isEmpty()) {
                throw JnetException.invalid("CNI configuration list " + source + " must have a non-empty array 'plugins'");
            }
            for (JsonNode plugin : array) {
                if (!(plugin instanceof ObjectNode p)) {
                    throw JnetException.invalid("CNI configuration list " + source + ": every plugin must be a JSON object");
                }
                plugins.add(p);
            }
        } else {
            ObjectNode single = object.deepCopy(); // a .conf: one plugin
            single.remove(List.of("name", "cniVersion"));
            plugins.add(single);
        }
        for (ObjectNode plugin : plugins) {
            String type = string(plugin, "type", source);
            if (!TYPE.matcher(type).matches()) {
                throw JnetException.invalid("CNI configuration " + source + " names plugin type '" + type
                        + "', which is no plugin file name");
            }
            if (type.equals("jnet")) {
                throw JnetException.invalid("CNI configuration " + source + " uses jnet's own CNI plugin: a jnet network"
                        + " cannot be driven through jnet again");
            }
        }
        ObjectNode kept = JSON.createObjectNode();
        kept.put("cniVersion", version);
        kept.put("name", name);
        boolean disableCheck = object.path("disableCheck").asBoolean(false);
        if (disableCheck) {
            kept.put("disableCheck", true);
        }
        kept.set("plugins", JSON.createArrayNode().addAll(plugins));
        return new ConfList(name, version, List.copyOf(plugins), !disableCheck, kept.toString());
    }

    private static String string(ObjectNode object, String field, String source) {
        JsonNode value = object.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw JnetException.invalid("CNI configuration " + source + " needs a string '" + field + "'");
        }
        return value.asString();
    }

    /** Plugin {@code index}'s type: the file name of its executable. */
    String type(int index) {
        return plugins.get(index).get("type").asString();
    }

    /** Whether some plugin declares {@code capability} ({@code "capabilities": {"portMappings": true}}). */
    boolean declares(String capability) {
        return plugins.stream().anyMatch(p -> declares(p, capability));
    }

    private static boolean declares(ObjectNode plugin, String capability) {
        return plugin.path("capabilities").path(capability).asBoolean(false);
    }

    /** Whether the list's version has CHECK and DEL's {@code prevResult} (0.4.0 and later). */
    boolean atLeast040() {
        return !cniVersion.startsWith("0.3.");
    }

    /** Whether CHECK is run on the list: a version that has it, and not disabled. */
    boolean checks() {
        return atLeast040() && checkable;
    }

    /**
     * What plugin {@code index} reads on stdin: its object with the list's name and version, the previous
     * result (if any) and those of {@code runtime}'s keys it declares as capabilities.
     */
    String stdin(int index, Optional<JsonNode> prevResult, Map<String, Object> runtime) {
        ObjectNode plugin = plugins.get(index);
        ObjectNode config = plugin.deepCopy();
        config.put("cniVersion", cniVersion);
        config.put("name", name);
        ObjectNode runtimeConfig = JSON.createObjectNode();
        runtime.forEach((key, value) -> {
            if (declares(plugin, key)) {
                runtimeConfig.set(key, JSON.valueToTree(value));
            }
        });
        if (!runtimeConfig.isEmpty()) { // as libcni: the file's own runtimeConfig stays unless jnet has one to give
            config.set("runtimeConfig", runtimeConfig);
        }
        prevResult.ifPresent(r -> config.set("prevResult", r));
        return config.toString();
    }
}
