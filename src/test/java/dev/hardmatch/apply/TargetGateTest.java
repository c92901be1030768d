package dev.hardmatch.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** WRONG_DIRECTORY compares base DNs as LDAP does: UnboundID's DN, not sets of strings. */
class TargetGateTest {

  @ParameterizedTest(name = "{0} = {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "OU=a,DC=x | OU=a,DC=x | true",
        "ou=A, dc=X | OU=a,DC=x | true",
        "OU=a , DC=x | OU=a,DC=x | true",
        "OU=Sales\\, EMEA,DC=corp | ou=sales\\, emea, dc=CORP | true",
        "OU=Sales\\2C EMEA,DC=corp | OU=Sales\\, EMEA,DC=corp | true",
        // Repeated RDNs are not collapsed, and order matters.
        "OU=a,OU=a,DC=x | OU=a,DC=x | false",
        "OU=a,OU=b,DC=x | OU=b,OU=a,DC=x | false",
        // An escaped comma is part of the value, not a separator.
        "OU=a\\,b,DC=x | OU=a,OU=b,DC=x | false",
        "OU=a,DC=x | OU=a,DC=y | false",
        "not a dn | NOT A DN | true",
        "not a dn | OU=a,DC=x | false",
      })
  void comparesDnsAsLdapDoes(String a, String b, boolean same) {
    assertEquals(same, TargetGate.sameDn(a, b));
  }
}
