package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnchorCommandTest {

  // Whatever form an administrator pastes, the same three values come out.
  @ParameterizedTest
  @ValueSource(
      strings = {
        "8c4ac332-975f-4717-ad7b-ba4a4e968fff",
        "{8C4AC332-975F-4717-AD7B-BA4A4E968FFF}",
        "MsNKjF+XF0ete7pKTpaP/w==",
        "32c34a8c5f971747ad7bba4a4e968fff"
      })
  void convertsEveryFormBothWays(String value) {
    CliResult r = CliResult.run(Map.of(), Path.of("."), "anchor", value);
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("guid:        8c4ac332-975f-4717-ad7b-ba4a4e968fff"), r.out());
    assertTrue(r.out().contains("immutableId: MsNKjF+XF0ete7pKTpaP/w=="), r.out());
    assertTrue(r.out().contains("hex:         32c34a8c5f971747ad7bba4a4e968fff"), r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"hello", "MsNKjF+XF0ete7pKTpaP", "32c34a8c5f97"})
  void refusesWhatIsNoAnchorWithAUsageError(String value) {
    CliResult r = CliResult.run(Map.of(), Path.of("."), "anchor", value);
    assertEquals(64, r.exit(), r.toString());
    assertTrue(r.err().contains("is not a GUID, an ImmutableId or a hex octet string"), r.err());
    assertTrue(r.err().contains("hint: "), r.err());
  }
}
