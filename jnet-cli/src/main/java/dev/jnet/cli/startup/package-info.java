/**
 * What makes the CLI start fast, run by {@code bin/jnet} once per build: {@link
 * dev.jnet.cli.startup.ClassFileUpgrade} turns picocli's Java 5 class files into ones the JVM can archive,
 * before the launcher records an application class archive of a command's classes.
 */
package dev.jnet.cli.startup;
