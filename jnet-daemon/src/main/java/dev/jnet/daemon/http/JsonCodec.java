package dev.jnet.daemon.http;

import com.fasterxml.jackson.annotation.Nulls;
import dev.jnet.error.JnetException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * JSON as the API speaks it. Reading is strict: an unknown field, a field of the wrong type (no
 * {@code "true"} for {@code true}, no {@code 1} for {@code "1"}), a null inside a list or object, a
 * repeated key or anything after the value is INVALID, with a message that names the field. Writing
 * keeps a record's components in declaration order and writes absent values as {@code null}.
 */
final class JsonCodec {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // checked in read, for a clearer message
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS, MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .changeDefaultNullHandling(n -> n.withContentNulls(Nulls.FAIL))
            .build();

    private JsonCodec() {}

    static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** Parses a request body; {@code what} names the request in messages ("POST /v1/networks"). */
    static <T> Optional<T> read(byte[] body, Class<T> type, String what) {
        if (isBlank(body)) {
            return Optional.empty();
        }
        try (JsonParser parser = MAPPER.createParser(body)) {
            T value = MAPPER.readValue(parser, type);
            if (parser.nextToken() != null) {
                throw JnetException.invalid("invalid request body for " + what + ": there is more after the JSON value"
                        + at(parser.currentTokenLocation()));
            }
            return Optional.ofNullable(value);
        } catch (JacksonException e) {
            throw JnetException.invalid("invalid request body for " + what + ": " + describe(e));
        }
    }

    private static String describe(JacksonException e) {
        String field = field(e.getPath());
        return switch (e) {
            case UnrecognizedPropertyException u -> "unknown " + field + (u.getKnownPropertyIds().isEmpty()
                    ? " (this request takes no fields)"
                    : " (known fields: " + String.join(", ", known(u.getKnownPropertyIds())) + ")");
            case InvalidNullException n -> field + " must not be null";
            case MismatchedInputException m when field.isEmpty() -> "it must be " + expected(m.getTargetType());
            case MismatchedInputException m -> field + " must be " + expected(m.getTargetType());
            case StreamReadException s -> "malformed JSON: " + s.getOriginalMessage() + at(s.getLocation());
            default -> e.getOriginalMessage();
        };
    }

    /** The field's path as the client wrote it: {@code "ipv4[0].subnet"}. */
    private static String field(List<JacksonException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference ref : path) {
            if (ref.getPropertyName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "" : "field \"" + out + "\"";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return Map.class.isAssignableFrom(type) || type.isRecord() ? "an object" : "a " + type.getSimpleName();
    }

    private static Collection<String> known(Collection<Object> ids) {
        TreeSet<String> names = new TreeSet<>();
        ids.forEach(id -> names.add(String.valueOf(id)));
        return names;
    }

    private static String at(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
