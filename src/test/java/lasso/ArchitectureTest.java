package lasso;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layers of DEVELOPERS.md: domain ← search ← model ← runtime ← api ← client (running tasks as jobs)
 * ← benchmark, loadtest ← cli; bench (what {@code ./lasso bench} measures) sits beside cli at the top,
 * under its commands. Lower never imports higher.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("lasso");
    }

    @Test
    void domainIsPureJava() {
        noClasses().that().resideInAPackage("lasso.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "lasso.search..", "lasso.model..", "lasso.runtime..", "lasso.api..", "lasso.cli..",
                        "lasso.bench..", "akka..", "ai.djl..", "io.grpc..", "picocli..", "me.tongfei..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void searchDependsOnlyOnDomain() {
        noClasses().that().resideInAPackage("lasso.search..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "lasso.model..", "lasso.runtime..", "lasso.api..", "lasso.cli..",
                        "lasso.bench..", "akka..", "ai.djl..", "io.grpc..", "picocli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void modelKnowsNothingOfActorsOrServices() {
        noClasses().that().resideInAPackage("lasso.model..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "lasso.runtime..", "lasso.api..", "lasso.cli..", "lasso.bench..", "akka..", "io.grpc..",
                        "picocli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void runtimeKnowsNothingOfItsClients() {
        noClasses().that().resideInAPackage("lasso.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("lasso.api..", "lasso.cli..", "lasso.client..",
                        "lasso.benchmark..", "lasso.loadtest..", "lasso.bench..", "picocli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void apiDoesNotDependOnTheCommandLine() {
        noClasses().that().resideInAPackage("lasso.api..")
                .should().dependOnClassesThat().resideInAnyPackage("lasso.cli..", "lasso.client..",
                        "lasso.benchmark..", "lasso.loadtest..", "lasso.bench..")
                .allowEmptyShould(true)
                .check(classes);
    }

    /** The callers' side (client, benchmark runs, load tests) sits beside the command line, below it. */
    @Test
    void callersDoNotDependOnTheCommandLine() {
        noClasses().that().resideInAPackage("lasso.client..")
                .should().dependOnClassesThat().resideInAnyPackage("lasso.cli..", "lasso.benchmark..",
                        "lasso.loadtest..", "lasso.bench..", "picocli..")
                .allowEmptyShould(true)
                .check(classes);
        noClasses().that().resideInAnyPackage("lasso.benchmark..", "lasso.loadtest..")
                .should().dependOnClassesThat().resideInAnyPackage("lasso.cli..", "lasso.bench..", "picocli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    /** The benches measure; their commands (options, help) are the command line's, which calls them. */
    @Test
    void benchesDoNotDependOnTheCommandLine() {
        noClasses().that().resideInAPackage("lasso.bench..")
                .should().dependOnClassesThat().resideInAnyPackage("lasso.cli..", "picocli..")
                .check(classes);
    }
}
