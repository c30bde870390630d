/**
 * Internal: the C library functions the kernel module calls through java.lang.foreign, with errno
 * captured per call. Nothing outside jnet-kernel uses this package.
 */
package dev.jnet.kernel.ffi;
