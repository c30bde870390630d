/**
 * Docker remote network plugins as jnet drivers: discovery of a plugin's socket or spec file, its HTTP
 * client with activation, and the driver that turns jnet's calls into the plugin protocol's.
 */
package dev.jnet.daemon.remote;
