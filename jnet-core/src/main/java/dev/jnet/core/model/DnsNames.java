package dev.jnet.core.model;

import dev.jnet.error.JnetException;

import java.util.regex.Pattern;

/**
 * Names that end up in a sandbox's hosts and resolv.conf files, checked so that they can be written there
 * as they are (no spaces, no newlines, nothing a resolver would misread).
 */
public final class DnsNames {
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");
    /** A resolv.conf option: {@code ndots:2}, {@code edns0}, {@code timeout:1}. */
    private static final Pattern RESOLVER_OPTION = Pattern.compile("[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?");

    private DnsNames() {}

    /** A host or domain name; {@code what} names the field in the error. */
    public static String hostName(String what, String name) {
        if (name == null || !HOST_NAME.matcher(name).matches()) {
            throw JnetException.invalid(what + ": '" + name + "' is not a valid host name (letters, digits, '-' "
                    + "and '_' in dot-separated labels of at most 63 characters, 253 in all)");
        }
        return name;
    }

    public static String resolverOption(String what, String option) {
        if (option == null || !RESOLVER_OPTION.matcher(option).matches()) {
            throw JnetException.invalid(what + ": '" + option + "' is not a resolver option (such as ndots:2 or edns0)");
        }
        return option;
    }
}
