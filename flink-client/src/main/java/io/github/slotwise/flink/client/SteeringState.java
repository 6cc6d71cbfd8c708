package io.github.slotwise.flink.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableMap;
import io.github.slotwise.parallelism.VertexBounds;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What steering remembers between runs, in a small JSON file: the bounds a job had before Slotwise
 * first changed them. Policies plan over those bounds (not over the ones Slotwise pinned), and
 * {@code slotwise steer --reset} puts them back.
 *
 * @param jobId the job, 32 hex digits
 * @param found the bounds found before the first change, per vertex id
 */
public record SteeringState(@JsonProperty("jobId") String jobId, @JsonProperty("found") Map<String, Bounds> found) {
    /**
     * One vertex's bounds as stored.
     *
     * @param lowerBound the lower bound
     * @param upperBound the upper bound
     */
    public record Bounds(@JsonProperty("lowerBound") int lowerBound, @JsonProperty("upperBound") int upperBound) {}

    /**
     * Copies the map, keeping its order.
     *
     * @param jobId the job
     * @param found the bounds per vertex
     */
    public SteeringState {
        Objects.requireNonNull(jobId, "jobId");
        found = ImmutableMap.copyOf(Objects.requireNonNull(found, "found"));
    }

    /**
     * The state for bounds found now.
     *
     * @param jobId the job
     * @param found the bounds per vertex id
     * @return the state
     */
    public static SteeringState of(String jobId, Map<String, VertexBounds> found) {
        Map<String, Bounds> m = new LinkedHashMap<>();
        found.forEach((v, b) -> m.put(v, new Bounds(b.lowerBound(), b.upperBound())));
        return new SteeringState(jobId, m);
    }

    /**
     * The found bounds as {@link VertexBounds}.
     *
     * @return the bounds per vertex id
     * @throws IllegalArgumentException if a stored bound is not {@code 1 <= lower <= upper}
     */
    public Map<String, VertexBounds> foundBounds() {
        Map<String, VertexBounds> m = new LinkedHashMap<>();
        found.forEach((v, b) -> m.put(v, new VertexBounds(b.lowerBound(), b.upperBound())));
        return m;
    }

    /**
     * Reads a state file.
     *
     * @param file the file
     * @return the state, or empty if the file does not exist
     * @throws IllegalArgumentException naming the file if it cannot be read or is not a state
     */
    public static Optional<SteeringState> read(Path file) {
        try {
            return Optional.of(FlinkRestClient.mapper().readValue(Files.readAllBytes(file), SteeringState.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("steering state file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Writes this state to a file (through a temporary file in the same directory, then a move).
     *
     * @param file the file; its directory is created if missing
     * @throws IllegalArgumentException naming the file if it cannot be written
     */
    public void write(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            FlinkRestClient.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("steering state file " + file + " cannot be written: " + e, e);
        }
    }
}
