package dev.hardmatch.cli;

import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --format}: how a command prints its result. Each command passes the values it accepts (an
 * enum, matched without regard to case, an underscore written as a dash); its help text is {@code
 * hardmatch.<command>.format} in {@code dev/hardmatch/cli/Help.properties}.
 *
 * @param <E> the command's formats
 */
final class FormatOption<E extends Enum<E>> {
  private final Class<E> formats;
  private E value;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  FormatOption(Class<E> formats) {
    this.formats = formats;
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      descriptionKey = "format",
      description = "text or json.")
  void set(String text) {
    for (E e : formats.getEnumConstants()) {
      if (e.name().replace('_', '-').equalsIgnoreCase(text)) {
        value = e;
        return;
      }
    }
    throw new ParameterException(
        mixee.commandLine(),
        "Invalid value for option '--format': expected one of "
            + Arrays.stream(formats.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .toList()
            + " (case-insensitive) but was '"
            + text
            + "'");
  }

  E get() {
    return value;
  }
}
