package dev.jnet.cli.json;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonWriterTest {
    public record Inner(String a, List<String> b) {}

    public record Body(String name, String empty, String none, List<String> list, List<String> noList,
                       Map<String, String> map, Map<String, String> noMap, Boolean flag, boolean off, Integer count,
                       Inner inner) {}

    @Test
    void aRecordIsAnObjectOfItsComponentsInOrderWithoutTheNullAndEmptyOnes() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("k", "");
        map.put("j", "v");
        Body body = new Body("web", "", null, List.of("x"), List.of(), map, Map.of(), true, false, 3, new Inner(null, List.of()));
        assertThat(JsonWriter.compact(body))
                .isEqualTo("{\"name\":\"web\",\"list\":[\"x\"],\"map\":{\"k\":\"\",\"j\":\"v\"},\"flag\":true,\"off\":false,"
                        + "\"count\":3,\"inner\":{}}");
    }

    @Test
    void escapesAsGosEncodingJsonDoesSoDockersJsonAndOursAreTheSameBytes() {
        assertThat(JsonWriter.compact(List.of("a\"b\\c\n\t\r\b\f\u0001\u001fé/€<&>\u2028\u2029")))
                .isEqualTo("[\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001fé/€\\u003c\\u0026\\u003e\\u2028\\u2029\"]");
    }

    @Test
    void prettyIndentsByFourSpacesAndKeepsEmptyContainersOnOneLine() {
        assertThat(JsonWriter.pretty(List.of(Map.of("a", List.of()), Map.of())))
                .isEqualTo("[\n    {\n        \"a\": []\n    },\n    {}\n]");
    }

    @Test
    void refusesATypeItDoesNotKnow() {
        assertThatThrownBy(() -> JsonWriter.compact(new Object())).hasMessage("cannot write a java.lang.Object as JSON");
    }
}
