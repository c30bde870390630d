/**
 * Network namespaces: creating and removing named ones under jnet's run directory, and running code
 * inside any of them on a platform thread.
 */
package dev.jnet.kernel.netns;
