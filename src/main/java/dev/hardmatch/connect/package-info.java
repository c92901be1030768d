/**
 * Opening the real systems a links file names: the LDAP directory and the Graph tenant ({@link
 * dev.hardmatch.connect.Connectors}). Shared by plan, apply and verify so each opens them the same
 * way (sign-in, write quota, progress).
 */
package dev.hardmatch.connect;
