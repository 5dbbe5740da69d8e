package lasso.domain;

/** What running a program on one input gave: an output, or a failure of a known kind. */
public sealed interface Outcome<O> {

    /** The program finished and produced this output. */
    record Ok<O>(O output) implements Outcome<O> {
    }

    /** The program failed on this input; {@code reason} says what happened, for people. */
    record Failure<O>(FailureKind kind, String reason) implements Outcome<O> {
    }

    /** Why a run failed. */
    enum FailureKind {
        /** A runtime error of the language: a crash, an index out of range, a rejected value. */
        ERROR,
        /** The step budget ran out. */
        TIMEOUT
    }

    static <O> Outcome<O> ok(O output) {
        return new Ok<>(output);
    }

    static <O> Outcome<O> error(String reason) {
        return new Failure<>(FailureKind.ERROR, reason);
    }

    static <O> Outcome<O> timeout(String reason) {
        return new Failure<>(FailureKind.TIMEOUT, reason);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }
}
