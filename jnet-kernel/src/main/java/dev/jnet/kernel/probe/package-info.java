/** The capability probe: which kernel features jnet can use on this machine, found without side effects. */
package dev.jnet.kernel.probe;
