package dev.jnet.error;

/**
 * What went wrong, in the few words an API client can act on. Each kind maps to one HTTP status in one
 * place (the daemon's error mapper); code never picks a status itself.
 */
public enum ErrorKind {
    /** The request itself is wrong: a bad name, CIDR, option or combination. */
    INVALID,
    /** Something the request names does not exist. */
    NOT_FOUND,
    /** The request clashes with existing state: a name or address already taken, an object in use. */
    CONFLICT,
    /** The caller may not do this (missing privilege, or a protected object). */
    FORBIDDEN,
    /** A feature or resource is not available here: the kernel lacks it, a library is missing. */
    UNAVAILABLE,
    /** A fault inside jnet or the system that the caller cannot fix by changing the request. */
    INTERNAL
}
