package io.github.slotwise.flink.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to {@code GET /overview}, as flink-runtime 2.3.0's {@code ClusterOverviewWithVersion}
 * writes it, with the fields steering uses; the others (job counts, version) are ignored.
 *
 * @param taskManagers the registered TaskManagers
 * @param slotsTotal the slots the registered TaskManagers offer (free or not)
 * @param slotsAvailable the slots free at the ResourceManager
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterOverview(
        @JsonProperty("taskmanagers") int taskManagers,
        @JsonProperty("slots-total") int slotsTotal,
        @JsonProperty("slots-available") int slotsAvailable) {

    /**
     * {@code GET /overview}.
     *
     * @param client the client
     * @return the overview
     * @throws FlinkRestException if the request fails
     */
    public static ClusterOverview of(FlinkRestClient client) {
        return client.get("/overview", ClusterOverview.class);
    }
}
