package lasso.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import picocli.CommandLine;

import java.time.Duration;

/** A duration as HOCON writes it: {@code 30s}, {@code 500ms}, {@code 2 minutes}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        try {
            return ConfigFactory.parseString("d = \"" + value.replace("\"", "") + "\"").getDuration("d");
        } catch (ConfigException e) {
            throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (e.g. 30s, 500ms)");
        }
    }
}
