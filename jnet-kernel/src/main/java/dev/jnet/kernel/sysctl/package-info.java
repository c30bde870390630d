/** Kernel parameters ({@code /proc/sys}) read and written inside a given network namespace. */
package dev.jnet.kernel.sysctl;
