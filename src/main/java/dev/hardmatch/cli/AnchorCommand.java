package dev.hardmatch.cli;

import dev.hardmatch.ExitCode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.anchor.Anchor;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "anchor",
    mixinStandardHelpOptions = true,
    header = "Convert an anchor: GUID ↔ ImmutableId ↔ hex octets.",
    description = {
      "Convert a source anchor between its forms: GUID string, ImmutableId (Base64) and",
      "hex octet string (as for mS-DS-ConsistencyGuid). The form given is recognised."
    })
final class AnchorCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(paramLabel = "VALUE", description = "A GUID, an ImmutableId or 32 hex digits.")
  String value;

  AnchorCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Anchor.Form form = Anchor.recognise(value);
    if (form == null) {
      throw new HardmatchException(
          HardmatchException.Code.USAGE,
          "'" + value + "' is not a GUID, an ImmutableId or a hex octet string",
          "give e.g. 8c4ac332-975f-4717-ad7b-ba4a4e968fff, MsNKjF+XF0ete7pKTpaP/w== or"
              + " 32c34a8c5f971747ad7bba4a4e968fff");
    }
    Anchor a = Anchor.parse(value);
    ctx.out()
        .println(
            "given:       "
                + switch (form) {
                  case GUID -> "GUID";
                  case IMMUTABLE_ID -> "ImmutableId";
                  case HEX -> "hex octets";
                });
    ctx.out().println("guid:        " + a.guid());
    ctx.out().println("immutableId: " + a.immutableId());
    ctx.out().println("hex:         " + a.hex());
    ctx.out().flush();
    return ExitCode.OK.code();
  }
}
