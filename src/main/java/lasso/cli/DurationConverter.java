package lasso.cli;

import lasso.client.JobOptions;
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
            return JobOptions.duration(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
