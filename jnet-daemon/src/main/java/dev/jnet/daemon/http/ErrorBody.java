package dev.jnet.daemon.http;

/** Every error the API answers: {@code {"message": "..."}}. */
record ErrorBody(String message) {}
