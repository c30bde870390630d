package dev.jnet.cli.template;

/** A template that does not parse, or an action that cannot run; the message says which and why. */
public final class TemplateException extends IllegalArgumentException {
    private final boolean parse;

    private TemplateException(String message, boolean parse) {
        super(message);
        this.parse = parse;
    }

    static TemplateException parse(String what) {
        return new TemplateException("template parsing error: " + what, true);
    }

    static TemplateException execution(String what) {
        return new TemplateException("template: executing: " + what, false);
    }

    /** Whether the template itself is wrong (a usage error), not an action run on some value. */
    public boolean isParseError() {
        return parse;
    }
}
