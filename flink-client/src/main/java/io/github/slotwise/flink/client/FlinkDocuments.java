package io.github.slotwise.flink.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.slotwise.simulation.format.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What Flink's REST API says about one job, fetched live or read from JSON files saved earlier (with
 * {@code curl http://host:8081/jobs/JOBID > details.json}, ...), for users whose laptop cannot reach
 * the cluster. The CLI's {@code import} and {@code replay}, and the MiniCluster test, go through
 * here.
 *
 * @param details {@code GET /jobs/:jobid}
 * @param requirements {@code GET /jobs/:jobid/resource-requirements}, if available
 * @param taskManagers {@code GET /taskmanagers}, if available
 * @param history the rescale history with every rescale's details ({@code GET
 *     /jobs/:jobid/rescales/details/:rescaleuuid} for each rescale of {@code GET
 *     /jobs/:jobid/rescales/history}), if asked for
 * @param notes what could not be fetched, and why, one line each
 */
public record FlinkDocuments(
        JobDetails details,
        Optional<JobResourceRequirements> requirements,
        Optional<TaskManagers> taskManagers,
        Optional<RescaleHistory> history,
        List<String> notes) {
    /**
     * Copies the list.
     *
     * @param details the job details
     * @param requirements the resource requirements
     * @param taskManagers the TaskManagers
     * @param history the rescale history
     * @param notes what could not be fetched
     */
    public FlinkDocuments {
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(requirements, "requirements");
        Objects.requireNonNull(taskManagers, "taskManagers");
        Objects.requireNonNull(history, "history");
        notes = List.copyOf(notes);
    }

    /**
     * Fetches the documents from a running Flink. The job details must be there; the requirements and
     * TaskManagers are optional (a note says why one is missing); the history, if asked for, must be
     * there.
     *
     * @param client the REST client
     * @param jobId the job id, 32 hex digits
     * @param withHistory whether to fetch the rescale history
     * @return the documents
     * @throws FlinkRestException if the job details or the history cannot be fetched
     */
    public static FlinkDocuments fetch(FlinkRestClient client, String jobId, boolean withHistory) {
        Objects.requireNonNull(client, "client");
        String id = FlinkRestClient.checkJobId(jobId);
        JobDetails details = client.jobDetails(id);
        List<String> notes = new ArrayList<>();
        Optional<JobResourceRequirements> requirements = Optional.empty();
        try {
            requirements = Optional.of(client.resourceRequirements(id));
        } catch (FlinkRestException e) {
            notes.add("no resource requirements: " + e.getMessage());
        }
        Optional<TaskManagers> taskManagers = Optional.empty();
        try {
            taskManagers = Optional.of(client.taskManagers());
        } catch (FlinkRestException e) {
            notes.add("no TaskManagers: " + e.getMessage());
        }
        Optional<RescaleHistory> history =
                withHistory ? Optional.of(client.detailedRescaleHistory(id)) : Optional.empty();
        return new FlinkDocuments(details, requirements, taskManagers, history, notes);
    }

    /**
     * Reads saved documents.
     *
     * @param details the saved {@code GET /jobs/:jobid}
     * @param requirements the saved {@code GET /jobs/:jobid/resource-requirements}, if any
     * @param taskManagers the saved {@code GET /taskmanagers}, if any
     * @param history a JSON array of the saved {@code GET /jobs/:jobid/rescales/details/:rescaleuuid}
     *     answers, if any ({@code /rescales/history} alone has no vertices or slots)
     * @return the documents
     * @throws InputException naming the file if one is missing or not the JSON expected
     */
    public static FlinkDocuments read(
            Path details, Optional<Path> requirements, Optional<Path> taskManagers, Optional<Path> history) {
        return new FlinkDocuments(
                readFile(details, JobDetails.class, "GET /jobs/:jobid"),
                requirements.map(
                        p -> readFile(p, JobResourceRequirements.class, "GET /jobs/:jobid/resource-requirements")),
                taskManagers.map(p -> readFile(p, TaskManagers.class, "GET /taskmanagers")),
                history.map(p -> readFile(p, RescaleHistory.class, "GET /jobs/:jobid/rescales/history")),
                List.of());
    }

    /**
     * Reads one saved REST answer.
     *
     * @param file the file
     * @param type the record
     * @param what the request it answers, for messages
     * @param <T> the record type
     * @return the record
     * @throws InputException naming the file, line and column if it is missing or not the JSON expected
     */
    public static <T> T readFile(Path file, Class<T> type, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
        try {
            T value = FlinkRestClient.mapper().readValue(bytes, type);
            if (value == null) {
                throw new InputException(file + ": empty; expected the answer to " + what);
            }
            return value;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " line " + e.getLocation().getLineNr() + " column "
                            + e.getLocation().getColumnNr();
            throw new InputException(file + where + ": not the answer to " + what + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            if (e instanceof InputException i) {
                throw i;
            }
            throw new InputException(file + ": not the answer to " + what + ": " + e.getMessage());
        }
    }
}
