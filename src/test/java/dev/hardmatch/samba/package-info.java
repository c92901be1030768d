/**
 * Integration tests against a real Active Directory: a Samba AD DC on loopback, started once for
 * the whole run by {@code ci/samba-dc.sh} (see {@link dev.hardmatch.samba.SambaDc}). Tagged {@code
 * samba} and named {@code *IT}: maven-failsafe runs them in {@code verify}, never in {@code mvn
 * test}. They skip with the reason where the machine cannot run a DC (not root, no Samba and no
 * apt-get), and fail instead when {@code HARDMATCH_REQUIRE_SAMBA=1}.
 */
package dev.hardmatch.samba;
