package io.github.slotwise.flink.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;

/**
 * The answer to {@code GET /taskmanagers}, as flink-runtime 2.3.0's {@code TaskManagersInfo}
 * writes it, with the fields Slotwise uses.
 *
 * @param taskmanagers the TaskManagers registered with the ResourceManager
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskManagers(@JsonProperty("taskmanagers") List<TaskManager> taskmanagers) {
    /**
     * Copies the list; an absent list is empty.
     *
     * @param taskmanagers the TaskManagers
     */
    public TaskManagers {
        taskmanagers = taskmanagers == null ? List.of() : ImmutableList.copyOf(taskmanagers);
    }

    /**
     * One TaskManager ({@code TaskManagerInfo}).
     *
     * @param id its resource id
     * @param slotsNumber its slots
     * @param freeSlots its free slots
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaskManager(
            @JsonProperty("id") String id,
            @JsonProperty("slotsNumber") int slotsNumber,
            @JsonProperty("freeSlots") int freeSlots) {
        /**
         * Checks the id is present.
         *
         * @param id its resource id
         * @param slotsNumber its slots
         * @param freeSlots its free slots
         */
        public TaskManager {
            Objects.requireNonNull(id, "id");
        }
    }
}
