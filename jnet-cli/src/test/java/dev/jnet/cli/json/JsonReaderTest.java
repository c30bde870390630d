package dev.jnet.cli.json;

import org.junit.jupiter.api.Test;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CLI's JSON reader and writer agree with Jackson (the independent eye here) on what JSON means. */
class JsonReaderTest {
    private static final JsonMapper JACKSON = JsonMapper.builder().build();
    /** How the CLI printed inspect output with Jackson before it had its own writer. */
    private static final ObjectWriter DOCKER_STYLE = JACKSON.writer().with(new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("").withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n")));

    private static final List<String> CORPUS = List.of(
            "{}", "[]", "0", "-12.5e+3", "\"\"", "true", "null",
            "{\"name\":\"web\",\"id\":\"6f12\",\"ipam\":{\"config\":[{\"subnet\":\"10.1.0.0/24\",\"gateway\":\"10.1.0.1\"}]},"
                    + "\"labels\":{},\"internal\":false,\"endpoints\":[],\"mtu\":1500,\"options\":{\"a.b\":\"\"}}",
            " [ 1 , [ [ ] ] , { \"a\" : { \"b\" : [ null , true ] } } ]\n",
            "\"quote \\\" backslash \\\\ slash \\/ tab \\t nl \\n cr \\r bs \\b ff \\f nul \\u0000 e \\u00e9 \\u20ac\"",
            "{\"unicode\":\"é€😀\"}",
            "[12, -3.25, 123456789012345678901234567890]");
    /**
     * Read the same as Jackson reads them, printed differently on purpose: numbers keep the text they came
     * with (jnetd writes them as Jackson does), and escapes are Go's, as docker prints them.
     */
    private static final String NUMBERS = "[1e2, 1E-2, 0.5, -0, 123456789012345678901234567890, \"\\u001f<a&b>\"]";

    @Test
    void readsWhatJacksonReadsAndWritesWhatJacksonParsesBackTheSame() {
        for (String text : concat(CORPUS, NUMBERS)) {
            Json read = JsonReader.read(text);
            assertThat(JACKSON.readTree(JsonWriter.compact(read))).as(text).isEqualTo(JACKSON.readTree(text));
            assertThat(JACKSON.readTree(JsonWriter.pretty(read))).as(text).isEqualTo(JACKSON.readTree(text));
        }
    }

    @Test
    void printsInspectOutputExactlyAsTheJacksonPrinterItReplacesDid() {
        for (String text : CORPUS) {
            JsonNode jackson = JACKSON.readTree(text);
            if (jackson.isContainer()) {
                assertThat(JsonWriter.pretty(JsonReader.read(text))).as(text).isEqualTo(DOCKER_STYLE.writeValueAsString(jackson));
                assertThat(JsonWriter.compact(JsonReader.read(text))).as(text).isEqualTo(JACKSON.writeValueAsString(jackson));
            }
        }
    }

    private static List<String> concat(List<String> texts, String more) {
        List<String> all = new java.util.ArrayList<>(texts);
        all.add(more);
        return all;
    }

    @Test
    void lookupsNeverFailAndGiveDefaultsForOtherTypes() {
        Json j = JsonReader.read("{\"s\":\"x\",\"n\":7,\"b\":true,\"z\":null,\"o\":{\"k\":\"v\"},\"a\":[\"p\",\"q\"],\"t\":\"true\"}");
        assertThat(j.path("s").asString()).isEqualTo("x");
        assertThat(j.path("n").asString()).isEqualTo("7");
        assertThat(j.path("n").asInt()).isEqualTo(7);
        assertThat(j.path("b").asBoolean()).isTrue();
        assertThat(j.path("t").asBoolean()).isTrue();
        assertThat(j.path("z").asString()).isEmpty();
        assertThat(j.path("z").asString("none")).isEqualTo("none");
        assertThat(j.path("absent").isMissing()).isTrue();
        assertThat(j.path("absent").path("deeper").path(3).asString()).isEmpty();
        assertThat(j.path("o").path("k").asString()).isEqualTo("v");
        assertThat(j.path("a").path(1).asString()).isEqualTo("q");
        assertThat(j.path("a").path(2).isMissing()).isTrue();
        assertThat(j.path("s").asInt()).isZero();
        assertThat(j.has("z")).isTrue();
        assertThat(j.has("absent")).isFalse();
        assertThat(j.size()).isEqualTo(7);
        assertThat(j.path("s").isEmpty()).isTrue();
        List<String> values = new java.util.ArrayList<>();
        j.path("a").forEach(e -> values.add(e.asString()));
        j.path("o").forEach(e -> values.add(e.asString()));
        assertThat(values).containsExactly("p", "q", "v");
        assertThat(j.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("s", "n", "b", "z", "o", "a", "t");
        assertThat(List.of(j.type(), j.path("a").type(), j.path("z").type(), j.path("x").type()))
                .containsExactly("object", "array", "null", "missing");
    }

    @Test
    void aLaterDuplicateMemberWins() {
        assertThat(JsonReader.read("{\"a\":1,\"a\":2}").path("a").asInt()).isEqualTo(2);
    }

    @Test
    void refusesWhatIsNotJsonSayingWhereAndWhy() {
        assertThatThrownBy(() -> JsonReader.read("")).hasMessage("the text ends where a value should be at character 1");
        assertThatThrownBy(() -> JsonReader.read("[1,]")).hasMessage("unexpected ']' at character 4");
        assertThatThrownBy(() -> JsonReader.read("{\"a\":1,}")).hasMessage("expected a member name in quotes at character 8");
        assertThatThrownBy(() -> JsonReader.read("{\"a\" 1}")).hasMessage("expected ':' at character 6");
        assertThatThrownBy(() -> JsonReader.read("[1 2]")).hasMessage("expected ']' at character 4");
        assertThatThrownBy(() -> JsonReader.read("01")).hasMessage("unexpected '1' after the value at character 2");
        assertThatThrownBy(() -> JsonReader.read("\"open")).hasMessage("a string is not closed at character 6");
        assertThatThrownBy(() -> JsonReader.read("\"a\nb\"")).hasMessage("a control character in a string must be escaped at character 3");
        assertThatThrownBy(() -> JsonReader.read("\"\\x\"")).hasMessage("unknown escape \\x at character 4");
        assertThatThrownBy(() -> JsonReader.read("\"\\u12g4\"")).hasMessage("\\u needs four hex digits at character 4");
        assertThatThrownBy(() -> JsonReader.read("\"\\u+041\"")).hasMessage("\\u needs four hex digits at character 4");
        assertThatThrownBy(() -> JsonReader.read("nul")).hasMessage("unexpected 'n' at character 1");
        assertThatThrownBy(() -> JsonReader.read("-")).hasMessage("a number needs a digit at character 2");
        assertThatThrownBy(() -> JsonReader.read("1.")).hasMessage("a fraction needs a digit at character 3");
        assertThatThrownBy(() -> JsonReader.read("[1] x")).hasMessage("unexpected 'x' after the value at character 5");
        assertThatThrownBy(() -> JsonReader.read("{'a':1}")).isInstanceOf(JsonSyntaxException.class);
        assertThatThrownBy(() -> JsonReader.read("[" + "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH + 1)))
                .hasMessageStartingWith("nested deeper than 512");
        assertThat(JsonReader.read("[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH)).isArray()).isTrue();
    }
}
