package io.github.slotwise.cli;

import io.github.slotwise.flink.client.FlinkDocuments;
import io.github.slotwise.flink.client.FlinkRestClient;
import io.github.slotwise.flink.client.FlinkRestException;
import io.github.slotwise.flink.config.FlinkSettings;
import io.github.slotwise.rescale.FlinkConfig;
import io.github.slotwise.simulation.format.InputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a running job's REST documents come from: {@code --rest URL --job JOBID} (live, over HTTP)
 * or saved files ({@code --details FILE} ...). A picocli mixin shared by {@code import} and {@code
 * replay}.
 */
final class FlinkSource {
    @Option(
            names = "--rest",
            paramLabel = "URL",
            description = "Flink's REST endpoint, e.g. http://localhost:8081 (the JobManager's web port).")
    String rest;

    @Option(names = "--job", paramLabel = "JOBID", description = "The job id (32 hex digits), with --rest.")
    String jobId;

    @Option(
            names = "--connect-timeout",
            paramLabel = "DURATION",
            defaultValue = "5 s",
            description = "How long to wait for the connection. Default: ${DEFAULT-VALUE}.")
    String connectTimeout;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30 s",
            description = "How long to wait for each answer. Default: ${DEFAULT-VALUE}.")
    String requestTimeout;

    @Option(
            names = "--details",
            paramLabel = "FILE",
            description = "Offline: the saved answer to GET /jobs/JOBID (job details with vertices and plan).")
    Path details;

    @Option(
            names = "--requirements",
            paramLabel = "FILE",
            description = "Offline: the saved answer to GET /jobs/JOBID/resource-requirements.")
    Path requirements;

    @Option(
            names = "--taskmanagers",
            paramLabel = "FILE",
            description = "Offline: the saved answer to GET /taskmanagers.")
    Path taskManagers;

    @Option(
            names = "--history",
            paramLabel = "FILE",
            description = "Offline: the rescale history, a JSON array of saved /rescales/details/RESCALEID answers.")
    Path historyFile;

    /**
     * The documents, fetched or read.
     *
     * @param withHistory whether to fetch the rescale history (live)
     * @throws InputException for bad options, unreadable files, or a failed request
     */
    FlinkDocuments documents(boolean withHistory) {
        Optional<Path> history = Optional.ofNullable(historyFile);
        if (rest != null) {
            if (details != null || requirements != null || taskManagers != null || history.isPresent()) {
                throw new InputException("give --rest and --job, or saved files (--details ...), not both");
            }
            if (jobId == null) {
                throw new InputException("--rest needs --job JOBID");
            }
            try {
                FlinkRestClient client = new FlinkRestClient(
                        FlinkRestClient.parseBase(rest),
                        duration("--connect-timeout", connectTimeout),
                        duration("--timeout", requestTimeout));
                return FlinkDocuments.fetch(client, jobId, withHistory);
            } catch (IllegalArgumentException e) {
                throw new InputException(e.getMessage());
            } catch (FlinkRestException e) {
                throw new InputException(e.getMessage());
            }
        }
        if (details == null) {
            throw new InputException("give --rest URL --job JOBID, or --details FILE (a saved GET /jobs/JOBID)");
        }
        if (jobId != null) {
            throw new InputException("--job goes with --rest; offline, the job is the one in --details");
        }
        return FlinkDocuments.read(
                details, Optional.ofNullable(requirements), Optional.ofNullable(taskManagers), history);
    }

    private static Duration duration(String option, String text) {
        Duration d = FlinkConfig.parseDuration(option, text);
        if (d.isZero()) {
            throw new InputException(option + ": must be positive, got '" + text + "'");
        }
        return d;
    }

    /** Parses a duration option the way Flink parses durations. */
    static Duration durationOption(String option, String text) {
        try {
            return FlinkConfig.parseDuration(option, text);
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
    }

    /** The settings' slots per TaskManager, for describing imported TaskManagers. */
    static int slotsPerTaskManager(FlinkSettings settings, Integer flag) {
        if (flag != null) {
            if (flag < 1) {
                throw new InputException("--slots-per-task-manager: must be at least 1, got " + flag);
            }
            return flag;
        }
        return settings.slotsPerTaskManager();
    }
}
