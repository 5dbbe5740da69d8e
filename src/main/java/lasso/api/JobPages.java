package lasso.api;

import lasso.api.v1.JobState;
import lasso.api.v1.ListJobsRequest;
import lasso.api.v1.ListJobsResponse;
import lasso.runtime.JobResult;
import lasso.runtime.LassoRuntime;

import java.util.EnumSet;
import java.util.Set;

/** ListJobs requests checked field by field, and the registry's pages as responses. */
final class JobPages {

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    /** What to list: a page size, where the page starts and the states wanted. */
    record Query(int limit, long before, Set<lasso.runtime.JobState> states) {
    }

    private JobPages() {
    }

    /** @throws IllegalArgumentException naming the bad field */
    static Query query(ListJobsRequest request) {
        if (request.getPageSize() < 0) {
            throw new IllegalArgumentException("page_size: must not be negative, got " + request.getPageSize());
        }
        int limit = request.getPageSize() == 0 ? DEFAULT_PAGE : Math.min(MAX_PAGE, request.getPageSize());
        long before = Long.MAX_VALUE;
        if (!request.getPageToken().isEmpty()) {
            try {
                before = Long.parseLong(request.getPageToken());
            } catch (NumberFormatException e) {
                before = -1;
            }
            if (before <= 0) {
                throw new IllegalArgumentException("page_token: '" + request.getPageToken()
                        + "' is not a next_page_token of this server");
            }
        }
        Set<lasso.runtime.JobState> states = EnumSet.noneOf(lasso.runtime.JobState.class);
        for (int i = 0; i < request.getStatesCount(); i++) {
            JobState state = request.getStates(i);
            states.add(switch (state) {
                case QUEUED -> lasso.runtime.JobState.QUEUED;
                case RUNNING -> lasso.runtime.JobState.RUNNING;
                case SOLVED -> lasso.runtime.JobState.SOLVED;
                case UNSOLVED -> lasso.runtime.JobState.UNSOLVED;
                case CANCELLED -> lasso.runtime.JobState.CANCELLED;
                case FAILED -> lasso.runtime.JobState.FAILED;
                case JOB_STATE_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException(
                        "states[" + i + "]: not a job state (" + request.getStatesValue(i) + ")");
            });
        }
        return new Query(limit, before, states);
    }

    static ListJobsResponse response(LassoRuntime.Page listed) {
        ListJobsResponse.Builder response = ListJobsResponse.newBuilder();
        for (JobResult job : listed.jobs()) {
            response.addJobs(JobResults.toProto(job));
        }
        if (listed.next() >= 0) {
            response.setNextPageToken(Long.toString(listed.next()));
        }
        return response.build();
    }
}
