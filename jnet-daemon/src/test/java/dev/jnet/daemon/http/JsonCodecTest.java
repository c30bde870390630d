package dev.jnet.daemon.http;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonCodecTest {
    record Pool(String subnet, Map<String, String> aux) {}

    record Create(String name, Boolean internal, List<Pool> pools, Map<String, String> labels) {}

    record Nothing() {}

    private static Create read(String json) {
        return JsonCodec.read(json.getBytes(StandardCharsets.UTF_8), Create.class, "POST /x").orElse(null);
    }

    private static void rejected(String json, String message) {
        assertThatThrownBy(() -> read(json)).isInstanceOfSatisfying(JnetException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
            assertThat(e.getMessage()).startsWith("invalid request body for POST /x: ").contains(message);
        });
    }

    @Test
    void aWellFormedBodyIsReadAndMissingFieldsAreNull() {
        Create c = read("{\"name\": \"web\", \"pools\": [{\"subnet\": \"10.0.0.0/24\"}]}");
        assertThat(c).isEqualTo(new Create("web", null, List.of(new Pool("10.0.0.0/24", null)), null));
    }

    @Test
    void anEmptyBodyOrJsonNullIsNoBody() {
        assertThat(JsonCodec.read(new byte[0], Create.class, "x")).isEmpty();
        assertThat(JsonCodec.read(" \n".getBytes(StandardCharsets.UTF_8), Create.class, "x")).isEmpty();
        assertThat(JsonCodec.read("null".getBytes(StandardCharsets.UTF_8), Create.class, "x")).isEmpty();
    }

    @Test
    void unknownFieldsAreNamedWithTheirPathAndTheKnownFields() {
        rejected("{\"name\": \"a\", \"colour\": 1}", "unknown field \"colour\" (known fields: internal, labels, name, pools)");
        rejected("{\"pools\": [{\"subnet\": \"x\", \"mask\": 1}]}", "unknown field \"pools[0].mask\"");
        assertThatThrownBy(() -> JsonCodec.read("{\"a\":1}".getBytes(StandardCharsets.UTF_8), Nothing.class, "POST /y"))
                .hasMessageContaining("this request takes no fields");
    }

    @Test
    void fieldsOfTheWrongTypeAreNotCoerced() {
        rejected("{\"name\": 5}", "field \"name\" must be a string");
        rejected("{\"name\": true}", "field \"name\" must be a string");
        rejected("{\"internal\": \"true\"}", "field \"internal\" must be true or false");
        rejected("{\"internal\": 1}", "field \"internal\" must be true or false");
        rejected("{\"pools\": {\"subnet\": \"x\"}}", "field \"pools\" must be an array");
        rejected("{\"labels\": [\"a\"]}", "field \"labels\" must be an object");
        rejected("{\"pools\": [\"10.0.0.0/24\"]}", "field \"pools[0]\" must be an object");
        rejected("[1, 2]", "it must be an object");
        rejected("\"web\"", "it must be an object");
    }

    @Test
    void nullsInsideListsAndObjectsAreRefused() {
        rejected("{\"labels\": {\"team\": null}}", "field \"labels.team\" must not be null");
        rejected("{\"pools\": [null]}", "field \"pools[0]\" must not be null");
    }

    @Test
    void malformedJsonRepeatedKeysAndTrailingContentAreRefused() {
        rejected("{\"name\": \"a\",", "malformed JSON");
        rejected("{name: \"a\"}", "malformed JSON");
        rejected("{\"name\": \"a\", \"name\": \"b\"}", "Duplicate Object property \"name\"");
        rejected("{\"name\": \"a\"} {}", "there is more after the JSON value");
        rejected("{\"name\": \"a\"} x", "malformed JSON");
    }

    @Test
    void recordsAreWrittenInDeclarationOrderWithNulls() {
        String json = new String(JsonCodec.write(new Create("web", null, List.of(), Map.of())), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"name\":\"web\",\"internal\":null,\"pools\":[],\"labels\":{}}");
    }
}
