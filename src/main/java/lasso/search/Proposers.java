package lasso.search;

import lasso.domain.Domain;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The synthesizers on the class path, found through {@link ServiceLoader}. */
public final class Proposers {

    private static final List<ProposerFactory> ALL = ServiceLoader.load(ProposerFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .sorted(Comparator.comparingInt(ProposerFactory::priority).reversed())
            .toList();

    private Proposers() {
    }

    public static List<ProposerFactory> all() {
        return ALL;
    }

    /**
     * The proposer for a domain: the named factory, or (name null or empty) the supporting factory
     * with the highest priority.
     *
     * @throws IllegalArgumentException when the name is unknown or does not support the domain
     */
    public static <P, I, O> CandidateProposer<P, I, O> create(Domain<P, I, O> domain, String name) {
        return factory(domain, name).create(domain);
    }

    public static ProposerFactory factory(Domain<?, ?, ?> domain, String name) {
        List<ProposerFactory> supporting = ALL.stream().filter(f -> f.supports(domain)).toList();
        if (name == null || name.isEmpty()) {
            if (supporting.isEmpty()) {
                throw new IllegalArgumentException("no synthesizer supports domain '" + domain.name() + "'");
            }
            return supporting.get(0);
        }
        return supporting.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no synthesizer '" + name + "' for domain '"
                        + domain.name() + "' (known: " + supporting.stream().map(ProposerFactory::name)
                        .collect(Collectors.joining(", ")) + ")"));
    }
}
