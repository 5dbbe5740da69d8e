package lasso.domain;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The domains on the class path, found through {@link ServiceLoader}: a domain registers itself in
 * {@code META-INF/services/lasso.domain.Domain}, so nothing else changes when one is added.
 */
public final class Domains {

    private static final List<Domain<?, ?, ?>> ALL = load();

    private Domains() {
    }

    public static List<Domain<?, ?, ?>> all() {
        return ALL;
    }

    /** The domain with this name. @throws IllegalArgumentException listing the known names */
    public static Domain<?, ?, ?> named(String name) {
        for (Domain<?, ?, ?> domain : ALL) {
            if (domain.name().equals(name)) {
                return domain;
            }
        }
        throw new IllegalArgumentException("unknown domain " + Excerpt.quoted(name) + " (known: " + names() + ")");
    }

    public static String names() {
        return ALL.stream().map(Domain::name).collect(Collectors.joining(", "));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static List<Domain<?, ?, ?>> load() {
        List<Domain<?, ?, ?>> domains = (List) ServiceLoader.load(Domain.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        return List.copyOf(domains);
    }
}
