/** The bridge driver: single-host networks on Linux bridges and veth pairs. */
package dev.jnet.core.driver.bridge;
