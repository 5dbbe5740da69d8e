package lasso.runtime;

/** A submission the registry refused: malformed, over capacity, or during shutdown. */
public final class JobRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final JobRegistry.Refusal refusal;

    public JobRefusedException(JobRegistry.Refusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    public JobRegistry.Refusal refusal() {
        return refusal;
    }
}
