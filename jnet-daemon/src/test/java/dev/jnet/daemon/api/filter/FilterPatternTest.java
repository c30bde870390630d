package dev.jnet.daemon.api.filter;

import dev.jnet.error.JnetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterPatternTest {
    private static final String ID = "d41a8769e871598e5d04b56148c7aedd02cd6d3bb958e294f38e07178f7033e8";

    private static boolean matches(String pattern, String value) {
        return FilterPattern.of("name", pattern).matches(value);
    }

    @Test
    void aValueMatchesItselfOrAsAnExpressionFoundAnywhereAsInDockerd() {
        assertThat(matches("web", "web")).isTrue();
        assertThat(matches("we", "my-web-1")).isTrue();
        assertThat(matches("^web$", "my-web")).isFalse();
        assertThat(matches("^d41a", ID)).isTrue();
        assertThat(matches("(?i)D41A", ID)).isTrue();
        assertThat(matches("web.1", "web-1")).isTrue();
        assertThat(matches("a.b", "a.b")).isTrue();
        assertThat(matches("[[:digit:]]{3}", "net123")).isTrue();
        assertThat(matches("\\Qa.b\\E", "axb")).isFalse();
    }

    @Test
    void anExpressionGoRefusesMatchesNothingButItsOwnText() {
        for (String bad : new String[] {"a(?=b)", "(a)\\1", "x{2,1}", "a**", "(", "[a", "\\Z", "a{1001}"}) {
            assertThat(matches(bad, "a" + bad + "b")).as(bad).isFalse();
            assertThat(matches(bad, bad)).as(bad).isTrue();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void backtrackingBombsRunInLinearTime() {
        for (String bomb : new String[] {"(.*.){30}x", "(a+)+$", "(a|aa)+$", "((((((((((a*)*)*)*)*)*)*)*)*)*)*x", "(.*){1000}x"}) {
            assertThat(matches(bomb, ID + "!")).as(bomb).isFalse();
            assertThat(matches(bomb, "a".repeat(128) + "!")).as(bomb).isFalse();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void nestedCountedRepetitionsOverAThousandCopiesAreRefusedAsGoRefusesThem() {
        assertThat(RepeatNesting.copies("((a{999}){999}){999}")).isGreaterThan(FilterPattern.MAX_REPEAT_COPIES);
        assertThat(matches("((a{999}){999}){999}", "a".repeat(100))).isFalse();
        assertThat(matches("(a{100}){11}", "a".repeat(2000))).isFalse();
        assertThat(RepeatNesting.copies("(a{100}){10}")).isEqualTo(1000);
        assertThat(RepeatNesting.copies("(a{10}b{200}){5}")).isEqualTo(1000);
        assertThat(RepeatNesting.copies("a{500}b{500}")).isEqualTo(500);
        assertThat(RepeatNesting.copies("(a{2,}){3}")).isEqualTo(6);
        assertThat(RepeatNesting.copies("(a{2,40}){3}")).isEqualTo(120);
    }

    @Test
    void bracesThatAreNotRepetitionsAreNotCounted() {
        assertThat(RepeatNesting.copies("\\p{Greek}{3}")).isEqualTo(3);
        assertThat(RepeatNesting.copies("\\x{41}")).isEqualTo(1);
        assertThat(RepeatNesting.copies("[{]{100}")).isEqualTo(100);
        assertThat(RepeatNesting.copies("[]{}]x{1000}")).isEqualTo(1000);
        assertThat(RepeatNesting.copies("[[:alpha:]]{10}")).isEqualTo(10);
        assertThat(RepeatNesting.copies("\\Q(a{999}){999}\\E")).isEqualTo(1);
        assertThat(RepeatNesting.copies("a{x}")).isEqualTo(1);
        assertThat(RepeatNesting.copies("((a{10})")).isEqualTo(10);
        assertThat(matches("a{,3}", "a{,3}")).isTrue();
    }

    @Test
    void aLongValueOrAHugeProgramIsAClear400() {
        assertThatThrownBy(() -> FilterPattern.of("id", "a".repeat(FilterPattern.MAX_LENGTH + 1)))
                .isInstanceOf(JnetException.class).hasMessageContaining("invalid filter 'id'")
                .hasMessageContaining("at most " + FilterPattern.MAX_LENGTH);
        assertThat(matches("a".repeat(FilterPattern.MAX_LENGTH), "a".repeat(FilterPattern.MAX_LENGTH))).isTrue();
        assertThatThrownBy(() -> FilterPattern.of("name", "[a-z]{1000}[0-9]{1000}x{1000}y{1000}(ab){500}z{1000}"
                + "w{1000}v{1000}u{1000}t{1000}s{1000}"))
                .isInstanceOf(JnetException.class).hasMessageContaining("instructions; jnet accepts at most");
    }
}
