package dev.jnet.daemon.api.filter;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.jnet.error.JnetException;

import java.util.Optional;

/**
 * One value of a {@code name} or {@code id} filter, matched as dockerd matches it ({@code filters.Args.Match}):
 * the value itself, or a Go regular expression found anywhere in the name or id. Expressions run on RE2/J,
 * the Java port of Go's linear-time engine, so matching takes time proportional to the text, whatever the
 * expression. An expression Go's parser refuses (bad syntax, or counted repetitions nested to more than
 * {@value #MAX_REPEAT_COPIES} copies) matches nothing, as in dockerd. jnet adds two limits, each a 400:
 * at most {@value #MAX_LENGTH} characters, and at most {@value #MAX_PROGRAM_SIZE} instructions once compiled.
 *
 * @param text the value as the client sent it
 * @param expression the compiled expression, empty when Go would not compile it
 */
record FilterPattern(String text, Optional<Pattern> expression) {
    static final int MAX_LENGTH = 256;
    static final int MAX_PROGRAM_SIZE = 10_000;
    /** Go's regexp/syntax refuses {@code (x{n}){m}} when n times m is more than this. */
    static final int MAX_REPEAT_COPIES = 1000;

    /** The value of filter {@code key}; INVALID if it is over jnet's limits. */
    static FilterPattern of(String key, String text) {
        int length = text.codePointCount(0, text.length());
        if (length > MAX_LENGTH) {
            throw JnetException.invalid("invalid filter '" + key + "': a value is " + length + " characters long; jnet "
                    + "accepts names, ids and regular expressions of at most " + MAX_LENGTH);
        }
        if (RepeatNesting.copies(text) > MAX_REPEAT_COPIES) {
            return new FilterPattern(text, Optional.empty()); // Go: "invalid repeat count"
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            return new FilterPattern(text, Optional.empty());
        }
        if (pattern.programSize() > MAX_PROGRAM_SIZE) {
            throw JnetException.invalid("invalid filter '" + key + "': the regular expression '" + text + "' compiles to "
                    + pattern.programSize() + " instructions; jnet accepts at most " + MAX_PROGRAM_SIZE
                    + " (use fewer or smaller counted repetitions such as {100})");
        }
        return new FilterPattern(text, Optional.of(pattern));
    }

    /** The value exactly, or the expression found somewhere in it. */
    boolean matches(String value) {
        return text.equals(value) || expression.map(p -> p.matcher(value).find()).orElse(false);
    }
}
