package lasso.cli;

import lasso.api.LassoClient;
import lasso.api.v1.JobResult;
import lasso.api.v1.JobState;
import lasso.api.v1.ListJobsRequest;
import lasso.api.v1.ListJobsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "jobs",
        mixinStandardHelpOptions = true,
        description = {
                "Lists the jobs a Lasso server holds, newest first (ListJobs): queued and running ones with their "
                        + "progress, finished ones still kept.",
                "Example: ./lasso jobs --server 127.0.0.1:50051 --state running,queued"})
final class JobsCommand implements Callable<Integer> {

    @Option(names = "--server", required = true, paramLabel = "HOST:PORT[,HOST:PORT…]",
            description = "An API node of the cluster (any one lists every job), or several: one that answers.")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:LASSO_TOKEN}",
            description = "The server's bearer token (default: the LASSO_TOKEN variable).")
    String token;

    @picocli.CommandLine.Mixin
    ClientTlsOptions tls;

    @Option(names = "--state", split = ",", paramLabel = "STATE",
            description = "Only jobs in these states: queued, running, solved, unsolved, cancelled, failed.")
    List<String> states = new ArrayList<>();

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N",
            description = "Most jobs shown (default: ${DEFAULT-VALUE}); 0 for all.")
    int limit;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must not be negative");
        }
        ListJobsRequest.Builder request = ListJobsRequest.newBuilder();
        for (String state : states) {
            try {
                JobState parsed = JobState.valueOf(state.strip().toUpperCase(Locale.ROOT));
                if (parsed == JobState.JOB_STATE_UNSPECIFIED || parsed == JobState.UNRECOGNIZED) {
                    throw new IllegalArgumentException();
                }
                request.addStates(parsed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--state: unknown state '" + state
                        + "' (known: queued, running, solved, unsolved, cancelled, failed)");
            }
        }
        PrintStream out = System.out;
        out.printf("%-36s  %-18s  %-9s  %-10s  %10s  %10s  %9s  %s%n", "JOB", "LABEL", "STATE", "STRATEGY",
                "EVALUATED", "EXPANSIONS", "TIME", "PROGRAM (best so far while running)");
        int shown = 0;
        try (LassoClient client = LassoClient.connect(JobTargetOptions.checkEndpoints("--server", server), token,
                64 << 20, tls.settings())) {
            String pageToken = "";
            do {
                int page = limit == 0 ? 1000 : Math.min(1000, limit - shown);
                ListJobsResponse response = client.blocking().withDeadlineAfter(30, TimeUnit.SECONDS)
                        .listJobs(request.setPageSize(page).setPageToken(pageToken).build());
                for (JobResult job : response.getJobsList()) {
                    out.printf(Locale.ROOT, "%-36s  %-18s  %-9s  %-10s  %10d  %10d  %8.1fs  %s%n", job.getJobId(),
                            cut(job.getLabel(), 18), job.getState().name().toLowerCase(Locale.ROOT),
                            job.getStrategy().name().toLowerCase(Locale.ROOT).replace('_', '-'), job.getEvaluated(),
                            job.getExpansions(), job.getMillis() / 1000.0, cut(job.getProgram(), 60));
                    shown++;
                }
                pageToken = response.getNextPageToken();
            } while (!pageToken.isEmpty() && (limit == 0 || shown < limit));
            out.printf("%d jobs%s%n", shown, pageToken.isEmpty() ? "" : " (more: --limit 0 shows all)");
        } catch (io.grpc.StatusRuntimeException e) {
            throw new IllegalStateException(server + ": " + e.getStatus().getCode() + ": " + e.getStatus().getDescription(), e);
        }
        return 0;
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
