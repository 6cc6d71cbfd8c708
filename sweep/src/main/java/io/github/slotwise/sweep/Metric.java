package io.github.slotwise.sweep;

import io.github.slotwise.simulation.LoadFigures;
import io.github.slotwise.simulation.SimulationResult;
import io.github.slotwise.simulation.Summary;
import java.util.Locale;

/** A figure of one simulated day that a sweep reports, taken from the simulator's result. */
public enum Metric {
    /** Restarts to change parallelism ({@link Summary#rescales()}). */
    RESCALES("rescales"),
    /** Downtime from the first start to the end, in seconds ({@link Summary#downtime()}). */
    DOWNTIME("downtime-seconds"),
    /** The integral of the backlog, in record-seconds ({@link LoadFigures#lagSeconds()}). */
    LAG_SECONDS("lag-seconds"),
    /** TaskManager presence, in hours ({@link LoadFigures#taskManagerHours()}). */
    TASK_MANAGER_HOURS("taskmanager-hours"),
    /** Key groups that changed slot over the day's deployments ({@link Summary#keyGroupsMoved()}). */
    KEY_GROUPS_MOVED("key-groups-moved");

    private final String id;

    Metric(String id) {
        this.id = id;
    }

    /**
     * The name in reports and on the command line.
     *
     * @return e.g. {@code "taskmanager-hours"}
     */
    public String id() {
        return id;
    }

    /**
     * This metric of one day.
     *
     * @param result the simulator's result of a load scenario
     * @return the figure
     */
    public double of(SimulationResult result) {
        Summary s = result.summary();
        return switch (this) {
            case RESCALES -> s.rescales();
            case DOWNTIME -> s.downtime().toNanos() / 1e9;
            case LAG_SECONDS -> result.load().orElseThrow().lagSeconds();
            case TASK_MANAGER_HOURS -> result.load().orElseThrow().taskManagerHours();
            case KEY_GROUPS_MOVED -> s.keyGroupsMoved();
        };
    }

    /**
     * The metric called {@code id}.
     *
     * @param id one of the {@link #id()}s
     * @return the metric
     * @throws IllegalArgumentException naming the unknown id and the known ones
     */
    public static Metric byId(String id) {
        for (Metric m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + id + "'; known: " + ids());
    }

    /**
     * Every id, comma-separated.
     *
     * @return e.g. {@code "rescales, downtime-seconds, ..."}
     */
    public static String ids() {
        StringBuilder s = new StringBuilder();
        for (Metric m : values()) {
            s.append(s.length() == 0 ? "" : ", ").append(m.id);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
