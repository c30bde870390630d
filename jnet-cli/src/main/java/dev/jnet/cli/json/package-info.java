/**
 * JSON for the CLI: a small tree ({@link dev.jnet.cli.json.Json}), a strict reader and a writer that
 * prints jnetd's answers as docker does and turns request records into bodies. Jackson stays jnetd's
 * (and the library's) JSON; the CLI avoids it on its start path, where building its mapper cost more than
 * the whole command may take.
 */
package dev.jnet.cli.json;
