package lasso.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import lasso.domain.Excerpt;
import lasso.runtime.JobRefusedException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Failures as gRPC status codes with a message a person understands, never longer than
 * {@value #MAX_DESCRIPTION} characters (a status travels in the HTTP/2 trailers, which a client
 * limits to 8 KB).
 */
final class Statuses {

    static final int MAX_DESCRIPTION = 2000;

    private Statuses() {
    }

    static StatusRuntimeException of(Throwable failure) {
        StatusRuntimeException status = unbounded(failure);
        String description = status.getStatus().getDescription();
        if (description == null || description.length() <= MAX_DESCRIPTION) {
            return status;
        }
        return status.getStatus().withDescription(description.substring(0, MAX_DESCRIPTION - 1) + "…")
                .asRuntimeException(status.getTrailers());
    }

    private static StatusRuntimeException unbounded(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof StatusRuntimeException status) {
            return status;
        }
        if (cause instanceof JobRefusedException refused) {
            Status status = switch (refused.refusal()) {
                case INVALID -> Status.INVALID_ARGUMENT;
                case CAPACITY -> Status.RESOURCE_EXHAUSTED;
                case CLOSING, UNAVAILABLE -> Status.UNAVAILABLE;
            };
            return status.withDescription(refused.getMessage()).asRuntimeException();
        }
        if (cause instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(cause.getMessage()).asRuntimeException();
        }
        if (cause instanceof TimeoutException) {
            return Status.UNAVAILABLE.withDescription("the job runtime did not answer in time").withCause(cause)
                    .asRuntimeException();
        }
        return Status.INTERNAL.withDescription(String.valueOf(cause)).withCause(cause).asRuntimeException();
    }

    static StatusRuntimeException unknownJob(String jobId) {
        return Status.NOT_FOUND.withDescription(jobId.isEmpty() ? "job_id: missing"
                : "no job " + Excerpt.quoted(jobId)).asRuntimeException();
    }
}
