package lasso.cli;

import lasso.domain.Domain;
import lasso.domain.Domains;
import picocli.CommandLine;

/** Turns {@code --domain NAME} into the registered domain, or a message listing the known ones. */
final class DomainConverter implements CommandLine.ITypeConverter<Domain<?, ?, ?>> {

    @Override
    public Domain<?, ?, ?> convert(String name) {
        try {
            return Domains.named(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
