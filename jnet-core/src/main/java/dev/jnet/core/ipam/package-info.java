/** IP address management: the IPAM contract and the default implementation with Docker's pools. */
package dev.jnet.core.ipam;
