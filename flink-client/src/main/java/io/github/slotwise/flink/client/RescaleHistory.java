package io.github.slotwise.flink.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.google.common.collect.ImmutableList;
import java.util.Comparator;
import java.util.List;

/**
 * The answer to {@code GET /jobs/:jobid/rescales/history} (Flink 2.3, FLIP-495): a JSON array of
 * {@link RescaleDetails}, newest first as Flink writes it, at most {@code
 * web.adaptive-scheduler.rescale-history.size} long. Flink answers 404 when the history is off (the
 * default, size 0) or the job does not run on the adaptive scheduler.
 *
 * @param rescales the rescales, in the order read
 */
public record RescaleHistory(List<RescaleDetails> rescales) {
    /**
     * Copies the list.
     *
     * @param rescales the rescales
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public RescaleHistory {
        rescales = ImmutableList.copyOf(rescales);
    }

    /**
     * The list, which is the JSON array itself.
     *
     * @return the rescales in the order read
     */
    @Override
    @JsonValue
    public List<RescaleDetails> rescales() {
        return rescales;
    }

    /**
     * The rescales oldest first: by start time, then by resource-requirements epoch and attempt as
     * Flink numbers them (a rescale without a start time sorts last).
     *
     * @return the rescales in the order they happened
     */
    public List<RescaleDetails> chronological() {
        return rescales.stream()
                .sorted(Comparator.comparing((RescaleDetails r) ->
                                r.startTimestampInMillis() == null ? Long.MAX_VALUE : r.startTimestampInMillis())
                        .thenComparing(r -> rescales.size() - rescales.indexOf(r)))
                .collect(ImmutableList.toImmutableList());
    }
}
