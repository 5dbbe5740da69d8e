package lasso.cli;

import lasso.domain.Domain;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** A domain and a file of its tasks: what the commands that read tasks without a search take. */
final class TaskFileOptions {

    @Option(names = "--domain", required = true, converter = DomainConverter.class,
            description = "The task domain (karel, c, list).")
    Domain<?, ?, ?> domain;

    @Option(names = "--tasks", required = true, paramLabel = "FILE.jsonl",
            description = "Tasks in the domain's JSON-lines format.")
    Path tasks;
}
