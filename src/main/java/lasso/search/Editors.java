package lasso.search;

import lasso.domain.Domain;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The debuggers on the class path, found through {@link ServiceLoader}. */
public final class Editors {

    private static final List<EditorFactory> ALL = ServiceLoader.load(EditorFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .sorted(Comparator.comparingInt(EditorFactory::priority).reversed())
            .toList();

    private Editors() {
    }

    public static List<EditorFactory> all() {
        return ALL;
    }

    /**
     * The editor for a domain: the named factory, or (name null or empty) the supporting factory with
     * the highest priority.
     *
     * @throws IllegalArgumentException when the name is unknown or does not support the domain
     */
    public static <P, I, O> Editor<P, I, O> create(Domain<P, I, O> domain, String name) {
        return factory(domain, name).create(domain);
    }

    public static EditorFactory factory(Domain<?, ?, ?> domain, String name) {
        List<EditorFactory> supporting = ALL.stream().filter(f -> f.supports(domain)).toList();
        if (name == null || name.isEmpty()) {
            if (supporting.isEmpty()) {
                throw new IllegalArgumentException("no debugger supports domain '" + domain.name() + "'");
            }
            return supporting.get(0);
        }
        return supporting.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no debugger '" + name + "' for domain '"
                        + domain.name() + "' (known: " + supporting.stream().map(EditorFactory::name)
                        .collect(Collectors.joining(", ")) + ")"));
    }
}
