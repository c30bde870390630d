/** The driver contract (a driver returns records, never fills callbacks) and the registry of drivers. */
package dev.jnet.core.driver;
