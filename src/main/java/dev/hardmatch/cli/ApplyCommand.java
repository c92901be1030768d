package dev.hardmatch.cli;

import dev.hardmatch.HardmatchException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; refuses clearly instead of pretending.
@Command(name = "apply", description = "(not built yet)")
final class ApplyCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new HardmatchException(HardmatchException.Code.USAGE, "apply is not built yet", null);
  }
}
