/**
 * The door to the kernel: {@link dev.jnet.kernel.Kernel} (namespaces, rtnetlink, nftables and sysctl for
 * one jnet instance), and the errors kernel calls raise ({@link dev.jnet.kernel.KernelException},
 * {@link dev.jnet.kernel.Errno}).
 */
package dev.jnet.kernel;
