package lasso.domain;

import java.util.function.Supplier;

/** What running a program on one input gave: an output, or a failure of a known kind. */
public sealed interface Outcome<O> {

    /** The program finished and produced this output. */
    record Ok<O>(O output) implements Outcome<O> {
    }

    /**
     * The program failed on this input; {@link #reason()} says what happened, for people. The reason
     * is worded when first asked for: a search runs millions of failing candidates and reads none of
     * them, and building the text was a tenth of a Karel executor's time.
     */
    final class Failure<O> implements Outcome<O> {
        private final FailureKind kind;
        private Supplier<String> wording;
        private String reason;

        private Failure(FailureKind kind, Supplier<String> wording) {
            this.kind = kind;
            this.wording = wording;
        }

        public FailureKind kind() {
            return kind;
        }

        public synchronized String reason() {
            if (reason == null) {
                reason = wording.get();
                wording = null;
            }
            return reason;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Failure<?> that && kind == that.kind && reason().equals(that.reason());
        }

        @Override
        public int hashCode() {
            return 31 * kind.hashCode() + reason().hashCode();
        }

        @Override
        public String toString() {
            return "Failure[kind=" + kind + ", reason=" + reason() + "]";
        }
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
        return error(() -> reason);
    }

    static <O> Outcome<O> timeout(String reason) {
        return timeout(() -> reason);
    }

    /** A runtime error whose reason is worded only if someone asks (see {@link Failure}). */
    static <O> Outcome<O> error(Supplier<String> wording) {
        return new Failure<>(FailureKind.ERROR, wording);
    }

    /** A timeout whose reason is worded only if someone asks. */
    static <O> Outcome<O> timeout(Supplier<String> wording) {
        return new Failure<>(FailureKind.TIMEOUT, wording);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }
}
