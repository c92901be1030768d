/**
 * Small network rules shared by the adapters: which hosts are loopback (the only places plain
 * transports and the sandbox's shortcuts are allowed), and a socket-factory base for TLS tweaks.
 */
package dev.hardmatch.net;
