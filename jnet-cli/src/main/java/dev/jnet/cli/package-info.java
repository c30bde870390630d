/** The {@code jnet} command line (picocli). */
package dev.jnet.cli;
