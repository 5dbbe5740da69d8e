package lasso.model.synthesis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which synthesizer serves a domain: the shipped default, or the model {@code lasso.neural.model.DOMAIN} names. */
class ShippedModelsTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(ShippedModels.MODEL_PROPERTY + "c");
    }

    @Test
    void eachDomainHasItsShippedDefault() {
        assertEquals(Path.of("c-lasynth"), ShippedModels.forDomain("c").orElseThrow().getFileName());
        assertEquals(Path.of("karel-lgrl"), ShippedModels.forDomain("karel").orElseThrow().getFileName());
        assertTrue(ShippedModels.forDomain("list").isEmpty());
    }

    @Test
    void thePropertyPicksAnotherModelForItsDomainOnly() {
        System.setProperty(ShippedModels.MODEL_PROPERTY + "c", "c-lasynth-curriculum");
        assertEquals(ShippedModels.find("c-lasynth-curriculum").orElseThrow(), ShippedModels.forDomain("c").orElseThrow());
        assertEquals(Path.of("karel-lgrl"), ShippedModels.forDomain("karel").orElseThrow().getFileName());
        Path directory = ShippedModels.find("c-noexecutor-curriculum").orElseThrow();
        System.setProperty(ShippedModels.MODEL_PROPERTY + "c", directory.toString());
        assertEquals(directory, ShippedModels.forDomain("c").orElseThrow());
    }

    @Test
    void aPropertyNamingNoModelIsAnErrorNamingTheProperty() {
        System.setProperty(ShippedModels.MODEL_PROPERTY + "c", "no-such-model");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ShippedModels.forDomain("c"));
        assertTrue(error.getMessage().startsWith("lasso.neural.model.c: no model at no-such-model"), error.getMessage());
    }
}
