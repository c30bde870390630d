package dev.jnet.cli;

import dev.jnet.cli.json.Json;
import dev.jnet.cli.template.Template;
import dev.jnet.cli.template.TemplateException;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --format} of list and inspect commands, as docker's: {@code table} (columns for people, or
 * an indented JSON array for inspect), {@code json} (one compact API object per line), or a Go template
 * ({@code '{{.Name}}'}, see {@link Template}); a template after {@code table } prints a header and aligned
 * columns, its cells split at tabs. {@code \t} and {@code \n} typed as two characters are a tab and a
 * newline, as docker reads them.
 *
 * @param template the template, for {@link Kind#TEMPLATE}
 * @param tabular whether a template's output is laid out as a table with a header
 */
record Format(Kind kind, Template template, boolean tabular) {
    enum Kind { TABLE, JSON, DOCKER, TEMPLATE }

    static final Format TABLE = new Format(Kind.TABLE, null, false);
    static final Format JSON = new Format(Kind.JSON, null, false);
    /** inspect's {@code docker}: the objects Docker's API answers (elsewhere, the same as {@link #TABLE}). */
    static final Format DOCKER = new Format(Kind.DOCKER, null, false);

    boolean isDocker() {
        return kind == Kind.DOCKER;
    }

    /** Accepts {@code table}, {@code json} (any case) or a template; a template that does not parse is a usage error. */
    static final class Converter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            String lower = value.strip().toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("table") || lower.isEmpty()) {
                return TABLE;
            }
            if (lower.equals("json")) {
                return JSON;
            }
            if (lower.equals("docker")) {
                return DOCKER;
            }
            boolean tabular = lower.startsWith("table ");
            String text = (tabular ? value.strip().substring(6) : value).replace("\\t", "\t").replace("\\n", "\n");
            try {
                return new Format(Kind.TEMPLATE, Template.parse(text), tabular);
            } catch (TemplateException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The template run on each value, one line each (with a header line first and aligned columns if tabular). */
    String lines(List<Json> values, Json header) {
        List<String> lines = new ArrayList<>();
        if (tabular) {
            lines.add(template.execute(header));
        }
        values.forEach(v -> lines.add(template.execute(v)));
        if (!tabular) {
            StringBuilder out = new StringBuilder();
            lines.forEach(l -> out.append(l).append('\n'));
            return out.toString();
        }
        return Table.ofTabbed(lines).toString();
    }
}
