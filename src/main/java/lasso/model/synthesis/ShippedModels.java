package lasso.model.synthesis;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the shipped synthesizers are: the directory named by the {@code lasso.models} system
 * property or the {@code LASSO_MODELS} variable, else the repository's {@code models/} (found from the
 * running jar or classes, {@code target/..}), else {@code ./models}. A model is a subdirectory with a
 * {@code model.json}.
 */
public final class ShippedModels {

    /** The shipped model of each domain that a synthesizer actor uses by default. */
    public static final String KAREL = "karel-lgrl";
    public static final String C = "c-lasynth";
    /** The shipped debugger of each domain that a debugger actor uses by default. */
    public static final String KAREL_DEBUGGER = "karel-sed";
    public static final String C_DEBUGGER = "c-sed";
    /** The prefix of the system property that picks another synthesizer for a domain's jobs. */
    public static final String MODEL_PROPERTY = "lasso.neural.model.";

    private ShippedModels() {
    }

    public static Path root() {
        String configured = System.getProperty("lasso.models", System.getenv("LASSO_MODELS"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try {
            Path code = Path.of(ShippedModels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = code.getParent(); dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("models")) && Files.exists(dir.resolve("pom.xml"))) {
                    return dir.resolve("models");
                }
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the working directory
        }
        return Path.of("models");
    }

    /** The directory of the shipped model {@code name}, if it is there. */
    public static Optional<Path> find(String name) {
        Path directory = root().resolve(name);
        return Files.exists(directory.resolve(NeuralSynthesizer.METADATA)) ? Optional.of(directory) : Optional.empty();
    }

    /**
     * The synthesizer that serves a domain: the model named by the system property
     * {@code lasso.neural.model.DOMAIN} (a directory or a shipped name, e.g. {@code c-lasynth-curriculum})
     * where it is set, else the domain's shipped default, if there is one.
     *
     * @throws IllegalArgumentException when the property names no model
     */
    public static Optional<Path> forDomain(String domain) {
        String chosen = System.getProperty(MODEL_PROPERTY + domain);
        if (chosen != null && !chosen.isBlank()) {
            try {
                return Optional.of(resolve(chosen.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(MODEL_PROPERTY + domain + ": " + e.getMessage(), e);
            }
        }
        return switch (domain) {
            case "karel" -> find(KAREL);
            case "c" -> find(C);
            default -> Optional.empty();
        };
    }

    /** The shipped debugger that serves a domain by default, if there is one. */
    public static Optional<Path> debuggerForDomain(String domain) {
        return switch (domain) {
            case "karel" -> find(KAREL_DEBUGGER);
            case "c" -> find(C_DEBUGGER);
            default -> Optional.empty();
        };
    }

    /**
     * A model directory given on a command line: a path, or the name of a shipped model.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static Path resolve(String pathOrName) {
        Path path = Path.of(pathOrName);
        if (Files.exists(path.resolve(NeuralSynthesizer.METADATA))) {
            return path;
        }
        return find(pathOrName).orElseThrow(() -> new IllegalArgumentException("no model at " + pathOrName
                + " and no shipped model of that name in " + root()));
    }
}
