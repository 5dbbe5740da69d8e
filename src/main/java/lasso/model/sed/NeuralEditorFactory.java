package lasso.model.sed;

import lasso.domain.Domain;
import lasso.model.synthesis.Decoded;
import lasso.model.synthesis.DecodingBatcher;
import lasso.model.synthesis.NeuralProposerFactory;
import lasso.model.synthesis.ShippedModels;
import lasso.search.Editor;
import lasso.search.EditorFactory;
import lasso.search.Editors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shipped SED debuggers ({@code karel-sed}, {@code c-sed}, see {@link ShippedModels}) for the
 * debugger actors. Ranked above the mutation editor, so a domain with a shipped debugger uses it by
 * default; {@code lasso.search.editors.<domain> = mutation} picks the random edits instead. One model
 * and one {@link DecodingBatcher} per domain serve every actor of the JVM. Settings (system
 * properties): {@code lasso.sed.max-batch} (16 expansions), {@code lasso.sed.max-wait-ms} (5) and
 * {@code lasso.sed.fallback} (the editor for requests the network cannot serve: {@code mutation}, or
 * {@code none}); the bounds on rows and examples are the synthesizers' ({@code lasso.neural.max-rows},
 * {@code lasso.neural.max-examples}). The beam is as wide as the edits a job asks per expansion.
 */
public final class NeuralEditorFactory implements EditorFactory {

    private static final Map<String, DecodingBatcher<?, ?>> BATCHERS = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "sed";
    }

    @Override
    public boolean supports(Domain<?, ?, ?> domain) {
        return ShippedModels.debuggerForDomain(domain.name()).filter(NeuralDebugger::isDebugger).isPresent();
    }

    @Override
    public int priority() {
        return 30;
    }

    @Override
    public <P, I, O> Editor<P, I, O> create(Domain<P, I, O> domain) {
        String fallbackName = System.getProperty("lasso.sed.fallback", "mutation");
        Editor<P, I, O> fallback = fallbackName.equals("none") ? null : Editors.create(domain, fallbackName);
        DecodingBatcher<EditInput<I, O>, List<Decoded<P>>> batcher = batcher(domain);
        return new NeuralEditor<>(domain, batcher, fallback);
    }

    @SuppressWarnings("unchecked")
    private static <P, I, O> DecodingBatcher<EditInput<I, O>, List<Decoded<P>>> batcher(Domain<P, I, O> domain) {
        return (DecodingBatcher<EditInput<I, O>, List<Decoded<P>>>) BATCHERS.computeIfAbsent(domain.name(), name -> {
            Path directory = ShippedModels.debuggerForDomain(name).orElseThrow(() ->
                    new IllegalArgumentException("no shipped debugger for domain '" + name + "'"));
            try {
                NeuralDebugger<P, I, O> debugger = (NeuralDebugger<P, I, O>) NeuralDebugger.load(directory);
                if (!debugger.domain().name().equals(name)) {
                    throw new IllegalStateException(directory + " holds a debugger of domain " + debugger.domain().name());
                }
                return new DecodingBatcher<>(debugger, Integer.getInteger("lasso.sed.max-batch", 16),
                        NeuralProposerFactory.maxRows(), NeuralProposerFactory.maxExamples(), Duration.ofMillis(Integer.getInteger("lasso.sed.max-wait-ms", 5)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the debugger in " + directory + ": " + e.getMessage(), e);
            }
        });
    }
}
