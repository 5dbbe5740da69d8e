package lasso.api;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The example codecs on the class path, by domain name. */
public final class ExampleCodecs {

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final List<ExampleCodec<?, ?>> ALL = (List) ServiceLoader.load(ExampleCodec.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();

    private ExampleCodecs() {
    }

    public static Optional<ExampleCodec<?, ?>> forDomain(String domain) {
        return ALL.stream().filter(codec -> codec.domain().name().equals(domain)).findFirst();
    }
}
