/**
 * Running a command inside a sandbox, for {@code jnet run}: the child is started from a platform thread
 * that has entered the sandbox's network namespace (a process inherits the namespace of the thread that
 * spawns it), with the sandbox's hosts, resolv.conf and host name in a private mount and UTS namespace,
 * and signals sent to jnet are passed on to it.
 */
package dev.jnet.cli.run;
