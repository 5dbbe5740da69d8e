package lasso.model.synthesis;

import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.search.CandidateProposer;
import lasso.search.ProposerFactory;
import lasso.search.Proposers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shipped neural synthesizers (LGRL for Karel, LaSynth for C, see {@link ShippedModels}) for the
 * synthesizer actors. Ranked above the generic proposers, so a domain with a shipped model uses it by
 * default; {@code lasso.search.proposers.<domain> = generator} (or {@code ./lasso solve --proposer
 * generator}) picks another. Once a job's widest beam has run, its stream goes on with the domain's
 * next-best proposer (Karel's enumeration, C's generator sampling), so the network only ever adds
 * candidates in front. One model and one {@link DecodingBatcher} per domain serve every actor of the
 * JVM, so concurrent jobs share batches. Settings: the system properties
 * {@code lasso.neural.model.DOMAIN} (another model for the domain, read when the JVM first serves it; see
 * {@link ShippedModels#forDomain}), {@code lasso.neural.first-beam}
 * (16), {@code lasso.neural.max-beam} (128), {@code lasso.neural.max-batch} (16 tasks),
 * {@code lasso.neural.max-wait-ms} (5), {@code lasso.neural.fallback} (true), and the batcher's
 * bounds {@code lasso.neural.max-examples} (16 examples read per job) and {@code lasso.neural.max-rows}
 * (16384 beams × examples per batch; at least max-beam × max-examples).
 */
public final class NeuralProposerFactory implements ProposerFactory {

    private static final Map<String, DecodingBatcher<?, ?>> BATCHERS = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "neural";
    }

    @Override
    public boolean supports(Domain<?, ?, ?> domain) {
        return ShippedModels.forDomain(domain.name()).isPresent();
    }

    @Override
    public int priority() {
        return 30;
    }

    @Override
    public <P, I, O> CandidateProposer<P, I, O> create(Domain<P, I, O> domain) {
        CandidateProposer<P, I, O> fallback = null;
        if (Boolean.parseBoolean(System.getProperty("lasso.neural.fallback", "true"))) {
            fallback = Proposers.all().stream().filter(f -> f != this && !f.name().equals(name()) && f.supports(domain))
                    .findFirst().map(f -> f.create(domain)).orElse(null);
        }
        int maxBeam = Integer.getInteger("lasso.neural.max-beam", 128);
        long rows = (long) maxBeam * maxExamples();
        if (rows > maxRows()) {
            throw new IllegalArgumentException("lasso.neural.max-beam (" + maxBeam + ") × lasso.neural.max-examples ("
                    + maxExamples() + ") = " + rows + " rows do not fit in lasso.neural.max-rows (" + maxRows() + ")");
        }
        return new NeuralBeamProposer<>(batcher(domain), Integer.getInteger("lasso.neural.first-beam", 16), maxBeam,
                fallback);
    }

    public static int maxExamples() {
        return Integer.getInteger("lasso.neural.max-examples", DecodingBatcher.DEFAULT_MAX_EXAMPLES);
    }

    public static int maxRows() {
        return Integer.getInteger("lasso.neural.max-rows", DecodingBatcher.DEFAULT_MAX_ROWS);
    }

    @SuppressWarnings("unchecked")
    static <P, I, O> DecodingBatcher<List<Example<I, O>>, List<Decoded<P>>> batcher(Domain<P, I, O> domain) {
        return (DecodingBatcher<List<Example<I, O>>, List<Decoded<P>>>) BATCHERS.computeIfAbsent(domain.name(), name -> {
            Path directory = ShippedModels.forDomain(name).orElseThrow(() ->
                    new IllegalArgumentException("no shipped synthesizer for domain '" + name + "'"));
            try {
                NeuralSynthesizer<P, I, O> synthesizer = (NeuralSynthesizer<P, I, O>) NeuralSynthesizer.load(directory);
                if (!synthesizer.domain().name().equals(name)) {
                    throw new IllegalStateException(directory + " holds a model of domain " + synthesizer.domain().name());
                }
                return new DecodingBatcher<>(synthesizer, Integer.getInteger("lasso.neural.max-batch", 16), maxRows(),
                        maxExamples(), Duration.ofMillis(Integer.getInteger("lasso.neural.max-wait-ms", 5)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the synthesizer in " + directory + ": " + e.getMessage(), e);
            }
        });
    }
}
