package io.github.slotwise.model;

import static io.github.slotwise.model.Checks.checkId;

import io.github.slotwise.keygroup.KeyGroups;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * A vertex of a {@link JobGraph}: an operator chain that runs as {@code parallelism} subtasks.
 *
 * <p>Three numbers bound its parallelism, as in Flink's adaptive scheduler:
 *
 * <ul>
 *   <li>{@link #parallelism()}: the configured parallelism (Flink's {@code JobVertex#getParallelism}),
 *       from which an auto-derived maxParallelism is computed;
 *   <li>{@link #lowerBound()} and {@link #upperBound()}: the resource requirements (Flink's {@code
 *       JobResourceRequirements}); the scheduler picks a parallelism in between. By default {@code
 *       [1, parallelism]};
 *   <li>{@link #effectiveMaxParallelism()}: the number of key groups, either {@link
 *       #maxParallelism() explicit} or auto-derived by Flink's formula from the configured
 *       parallelism.
 * </ul>
 *
 * <p>Build with {@link #builder()}; {@code 1 <= lowerBound <= upperBound <= effectiveMaxParallelism
 * <= 32768} is checked at build time.
 */
@Value.Immutable
public abstract class JobVertex {
    JobVertex() {}

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link JobVertex}; {@code id} and {@code slotSharingGroup} are required. */
    public static final class Builder extends ImmutableJobVertex.Builder {}

    /** Stable id, unique within the job graph; the tie-breaker wherever order matters. */
    public abstract String id();

    /** Human-readable name; defaults to the id. */
    @Value.Default
    public String name() {
        return id();
    }

    /** Configured parallelism (Flink's {@code JobVertex#getParallelism}); default 1. */
    @Value.Default
    public int parallelism() {
        return 1;
    }

    /** Explicitly configured maxParallelism; empty means auto-derived (see {@link #effectiveMaxParallelism()}). */
    public abstract OptionalInt maxParallelism();

    /** Lowest parallelism the scheduler may choose; default 1. */
    @Value.Default
    public int lowerBound() {
        return 1;
    }

    /** Highest parallelism the scheduler may choose; defaults to {@link #parallelism()}. */
    @Value.Default
    public int upperBound() {
        return parallelism();
    }

    /**
     * Id of the slot-sharing group this vertex belongs to (required; the default, empty, stands for
     * "not set" so that the message can name the vertex).
     */
    @Value.Default
    public String slotSharingGroup() {
        return "";
    }

    /** Id of the co-location group, if the vertex must run subtask-by-subtask beside others. */
    public abstract Optional<String> coLocationGroup();

    /** Whether the vertex holds keyed state, i.e. its key-group ranges matter on rescale. */
    @Value.Default
    public boolean keyed() {
        return false;
    }

    /**
     * The number of key groups: the explicit maxParallelism, or Flink's {@code
     * computeDefaultMaxParallelism(parallelism)} when none is set.
     */
    public int effectiveMaxParallelism() {
        return maxParallelism().isPresent()
                ? maxParallelism().getAsInt()
                : KeyGroups.defaultMaxParallelism(parallelism());
    }

    /** True when maxParallelism is auto-derived (Flink may then adopt a checkpoint's value). */
    public boolean maxParallelismAutoDerived() {
        return maxParallelism().isEmpty();
    }

    @Value.Check
    void check() {
        checkId("vertex.id", id());
        String where = "vertex '" + id() + "': ";
        KeyGroups.checkParallelism(where + "parallelism", parallelism());
        if (maxParallelism().isPresent()) {
            KeyGroups.checkParallelism(
                    where + "maxParallelism", maxParallelism().getAsInt());
        }
        KeyGroups.checkParallelism(where + "lowerBound", lowerBound());
        KeyGroups.checkParallelism(where + "upperBound", upperBound());
        if (lowerBound() > upperBound()) {
            throw new IllegalArgumentException(where + "lowerBound " + lowerBound() + " > upperBound " + upperBound());
        }
        int max = effectiveMaxParallelism();
        String maxKind = maxParallelism().isPresent() ? "maxParallelism " : "auto-derived maxParallelism ";
        if (upperBound() > max) {
            throw new IllegalArgumentException(where + "upperBound " + upperBound() + " > " + maxKind + max);
        }
        if (maxParallelism().isPresent() && parallelism() > max) {
            throw new IllegalArgumentException(where + "parallelism " + parallelism() + " > " + maxKind + max);
        }
        if (slotSharingGroup().isEmpty()) {
            throw new IllegalArgumentException(where + "slotSharingGroup is required but not set");
        }
        checkId(where + "slotSharingGroup", slotSharingGroup());
        coLocationGroup().ifPresent(g -> checkId(where + "coLocationGroup", g));
    }
}
