package dev.jnet.cli.json;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON value as the CLI reads it from jnetd: a small immutable tree, read by {@link JsonReader} and
 * written by {@link JsonWriter}. Lookups never fail: {@link #path} of something absent is {@link #MISSING},
 * and the {@code as...} methods give a default for values of another type, so that a field jnetd leaves out
 * prints as empty. (The CLI does not use Jackson for this: building Jackson's mapper took 175-240 ms of a
 * CLI command's start on the 2-core VM, this tree well under a millisecond; see docs/operations.md.)
 */
public sealed interface Json extends Iterable<Json> {
    /** What {@link #path} gives for a member that is not there. */
    Json MISSING = new Missing();
    /** JSON's {@code null}. */
    Json NULL = new Null();

    /** An object; its members keep the order they came in. */
    record Obj(Map<String, Json> members) implements Json {
        public Obj {
            members = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(members));
        }
    }

    /** An array. */
    record Arr(List<Json> elements) implements Json {
        public Arr {
            elements = List.copyOf(elements);
        }
    }

    /** A string. */
    record Str(String value) implements Json {}

    /** A number, kept as the text it was written with. */
    record Num(String text) implements Json {}

    /** {@code true} or {@code false}. */
    record Bool(boolean value) implements Json {}

    /** {@code null}: use {@link #NULL}. */
    record Null() implements Json {}

    /** No value at all: use {@link #MISSING}. */
    record Missing() implements Json {}

    /** The object member {@code name}, or {@link #MISSING} (also when this is not an object). */
    default Json path(String name) {
        return this instanceof Obj o ? o.members().getOrDefault(name, MISSING) : MISSING;
    }

    /** The array element at {@code index}, or {@link #MISSING}. */
    default Json path(int index) {
        return this instanceof Arr a && index >= 0 && index < a.elements().size() ? a.elements().get(index) : MISSING;
    }

    /** Whether this object has a member {@code name}. */
    default boolean has(String name) {
        return this instanceof Obj o && o.members().containsKey(name);
    }

    /** A string's value, a number's or boolean's text; "" for anything else (null, missing, containers). */
    default String asString() {
        return switch (this) {
            case Str s -> s.value();
            case Num n -> n.text();
            case Bool b -> Boolean.toString(b.value());
            default -> "";
        };
    }

    /** {@link #asString()}, or {@code otherwise} when that is empty. */
    default String asString(String otherwise) {
        String value = asString();
        return value.isEmpty() ? otherwise : value;
    }

    /** A number's (or numeric string's) value as a long, else 0. */
    default long asLong() {
        try {
            return switch (this) {
                case Num n -> new java.math.BigDecimal(n.text()).longValue();
                case Str s -> Long.parseLong(s.value().strip());
                default -> 0;
            };
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@link #asLong()} as an int. */
    default int asInt() {
        return (int) asLong();
    }

    /** A boolean's value; a number is true unless 0, the string "true" is true; anything else false. */
    default boolean asBoolean() {
        return switch (this) {
            case Bool b -> b.value();
            case Num n -> asLong() != 0;
            case Str s -> s.value().equals("true");
            default -> false;
        };
    }

    default boolean isObject() {
        return this instanceof Obj;
    }

    default boolean isArray() {
        return this instanceof Arr;
    }

    default boolean isString() {
        return this instanceof Str;
    }

    default boolean isMissing() {
        return this instanceof Missing;
    }

    /** The number of members or elements; 0 for a value that is neither. */
    default int size() {
        return switch (this) {
            case Obj o -> o.members().size();
            case Arr a -> a.elements().size();
            default -> 0;
        };
    }

    /** Whether {@link #size()} is 0. */
    default boolean isEmpty() {
        return size() == 0;
    }

    /** An object's members, in order; none for anything else. */
    default Set<Map.Entry<String, Json>> properties() {
        return this instanceof Obj o ? o.members().entrySet() : Set.of();
    }

    /** An array's elements or an object's member values; nothing for a value. */
    @Override
    default Iterator<Json> iterator() {
        return switch (this) {
            case Obj o -> o.members().values().iterator();
            case Arr a -> a.elements().iterator();
            default -> Collections.emptyIterator();
        };
    }

    /** What kind of value this is, for messages: object, array, string, number, boolean, null or missing. */
    default String type() {
        return switch (this) {
            case Obj o -> "object";
            case Arr a -> "array";
            case Str s -> "string";
            case Num n -> "number";
            case Bool b -> "boolean";
            case Null n -> "null";
            case Missing m -> "missing";
        };
    }
}
