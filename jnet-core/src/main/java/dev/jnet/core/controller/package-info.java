/** The CNM controller: the management plane that creates, joins, leaves and reconciles. */
package dev.jnet.core.controller;
