/** Errors with a kind: the vocabulary every jnet layer uses to say what went wrong. */
package dev.jnet.error;
