package dev.hardmatch.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ODataTest {

  @Test
  void doublesQuotesInsideLiterals() {
    assertEquals("'o''brien@contoso.com'", OData.literal("o'brien@contoso.com"));
    assertEquals(
        "userPrincipalName eq 'x'') or (true'", OData.eq("userPrincipalName", "x') or (true"));
  }

  @Test
  void buildsInFiltersOfAtMostFifteenValues() {
    assertEquals(
        "onPremisesImmutableId in ('a','b''c')",
        OData.in("onPremisesImmutableId", List.of("a", "b'c")));
    List<String> sixteen =
        IntStream.range(0, 16).mapToObj(Integer::toString).collect(Collectors.toList());
    assertThrows(IllegalArgumentException.class, () -> OData.in("id", sixteen));
  }

  @Test
  void chunksKeepOrderAndSize() {
    List<List<Integer>> chunks = OData.chunks(List.of(1, 2, 3, 4, 5), 2);
    assertEquals(List.of(List.of(1, 2), List.of(3, 4), List.of(5)), chunks);
  }
}
