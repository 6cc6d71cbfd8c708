package io.github.slotwise.simulation;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.Ordering;
import io.github.slotwise.model.Readable;
import io.github.slotwise.rescale.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * An external autoscaler that sets how many TaskManagers a cluster should have, from what it observes
 * of the job every {@link #syncPeriod()}: a Kubernetes Horizontal Pod Autoscaler in front of a
 * TaskManager deployment, or an autoscaling group's threshold rules, as the Reactive-Mode blog post
 * describes. It is in the loop: what it observes depends on the parallelism the rescale decider chose
 * for the TaskManagers it asked for.
 *
 * <p>An autoscaler is a pure function of its {@link State} and one {@link Observation}: {@link
 * #evaluate} returns the next state, whose {@link State#desired()} is the number of TaskManagers it
 * wants. Turning that number into TaskManagers joining and leaving (provisioning delay, which one to
 * remove, graceful or not) is the {@link Simulator}'s job, as a deployment controller's.
 *
 * <p>The interface is open: an autoscaler of one's own implements {@link #evaluate} (metrics in, a
 * TaskManager count out), keeps what it must remember in {@link State} ({@link State#memory()} for
 * values of its own), and is named in load-scenario files through an {@link AutoscalerType}
 * registered with an {@link AutoscalerProvider} ({@code META-INF/services}). Built in: {@code fixed},
 * {@code threshold}, {@code hpa}, {@code keda} ({@link KedaLag}) and {@code busy-time} ({@link
 * BusyTime}).
 */
public interface Autoscaler {

    /** The default {@link #syncPeriod()}, 15 s: Kubernetes' {@code --horizontal-pod-autoscaler-sync-period}. */
    Duration DEFAULT_SYNC_PERIOD = Duration.ofSeconds(15);

    /**
     * How often it evaluates, from the scenario's start.
     *
     * @return the period, positive
     */
    Duration syncPeriod();

    /**
     * The fewest TaskManagers it asks for.
     *
     * @return at least 0
     */
    int minTaskManagers();

    /**
     * The most TaskManagers it asks for.
     *
     * @return at least {@link #minTaskManagers()}
     */
    int maxTaskManagers();

    /**
     * Its type's name in load-scenario files ({@link AutoscalerType#name()}).
     *
     * @return the name; by default the class's simple name in lower case
     */
    default String type() {
        return getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /**
     * A few words for reports: {@code "an HPA for 1 to 15 TaskManagers"}.
     *
     * @return the summary; by default the type and the bounds
     */
    default String summary() {
        return "a '" + type() + "' autoscaler for " + minTaskManagers() + " to " + maxTaskManagers() + " TaskManagers";
    }

    /**
     * One evaluation.
     *
     * @param state what it remembers, {@link State#initial} at first
     * @param observation what it sees now, at a time not before the previous observation's
     * @return the next state, with the number of TaskManagers it wants, and why it changed it
     */
    Evaluation evaluate(State state, Observation observation);

    /**
     * A TaskManager deployment without an autoscaler: always the same number, and lost TaskManagers
     * are replaced.
     *
     * @param taskManagers how many, at least 0
     * @return the rule, evaluated every {@link #DEFAULT_SYNC_PERIOD}
     */
    static Fixed fixed(int taskManagers) {
        return new Fixed(taskManagers, DEFAULT_SYNC_PERIOD);
    }

    /**
     * Kubernetes' HPA with its defaults: {@link Metric#UTILIZATION}, tolerance 0.1, no scale-up
     * stabilization, a 300 s scale-down stabilization window, no rate limits, every 15 s.
     *
     * @param target the target utilization, positive
     * @param minTaskManagers the fewest, at least 1
     * @param maxTaskManagers the most
     * @return the rule
     */
    static Hpa hpa(double target, int minTaskManagers, int maxTaskManagers) {
        return new Hpa(
                Metric.UTILIZATION,
                target,
                Hpa.DEFAULT_TOLERANCE,
                Duration.ZERO,
                Hpa.DEFAULT_SCALE_DOWN_STABILIZATION,
                Optional.empty(),
                Optional.empty(),
                minTaskManagers,
                maxTaskManagers,
                DEFAULT_SYNC_PERIOD);
    }

    /**
     * Threshold rules, every 15 s.
     *
     * @param metric what to compare
     * @param scaleUpAbove add TaskManagers when the metric is above this
     * @param scaleDownBelow remove TaskManagers when the metric is below this, less than {@code
     *     scaleUpAbove}
     * @param step how many TaskManagers to add or remove at once, at least 1
     * @param cooldown how long after a change to do nothing, at least 0
     * @param minTaskManagers the fewest, at least 0
     * @param maxTaskManagers the most
     * @return the rule
     */
    static Threshold threshold(
            Metric metric,
            double scaleUpAbove,
            double scaleDownBelow,
            int step,
            Duration cooldown,
            int minTaskManagers,
            int maxTaskManagers) {
        return new Threshold(
                metric,
                scaleUpAbove,
                scaleDownBelow,
                step,
                cooldown,
                minTaskManagers,
                maxTaskManagers,
                DEFAULT_SYNC_PERIOD);
    }

    /** What an autoscaler compares, from an {@link Observation} of the job. */
    enum Metric {
        /**
         * Demand over capacity: the input rate over the capacity of the deployed parallelism. It
         * exceeds 1 when the job cannot keep up. Undefined while the job is not deployed.
         */
        UTILIZATION,
        /**
         * How busy the job's TaskManagers are, as their CPU utilization would show it: 1 while there is
         * a backlog to catch up on, else the input rate over the capacity, at most 1. Unlike {@link
         * #UTILIZATION} it sees the spike after each restart that the blog post describes, but never
         * how far beyond 1 the demand goes. Undefined while the job is not deployed.
         */
        BUSY,
        /** The backlog (consumer lag), in records. Always defined. */
        LAG;

        /**
         * The name in files and reports.
         *
         * @return the lower-case name
         */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What an autoscaler sees at one sync.
     *
     * @param time when
     * @param inputRate records per second arriving now
     * @param capacity records per second the deployed parallelism processes once running ({@link
     *     CapacityModel}); empty while the job is not deployed. It does not drop to 0 during a restart
     *     or a stall: metrics describe the deployment
     * @param backlog records waiting, at least 0
     * @param presentTaskManagers TaskManagers in the cluster (joined, not removed or killed), at least 0
     * @param busyTaskManagers of those, the ones the job's current deployment runs tasks on
     */
    record Observation(
            Instant time,
            double inputRate,
            OptionalDouble capacity,
            double backlog,
            int presentTaskManagers,
            int busyTaskManagers) {
        /**
         * Validates the fields.
         *
         * @param time when
         * @param inputRate records per second, at least 0
         * @param capacity the deployed capacity, positive, if deployed
         * @param backlog records waiting, at least 0
         * @param presentTaskManagers TaskManagers present, at least 0
         * @param busyTaskManagers TaskManagers running tasks, between 0 and {@code presentTaskManagers}
         */
        public Observation {
            Objects.requireNonNull(time, "Observation.time must not be null");
            Objects.requireNonNull(capacity, "Observation.capacity must not be null");
            if (!(inputRate >= 0) || !(backlog >= 0)) {
                throw new IllegalArgumentException(
                        "Observation.inputRate and backlog must be >= 0, got " + inputRate + " and " + backlog);
            }
            if (capacity.isPresent() && !(capacity.getAsDouble() > 0)) {
                throw new IllegalArgumentException("Observation.capacity must be > 0, got " + capacity);
            }
            if (presentTaskManagers < 0 || busyTaskManagers < 0 || busyTaskManagers > presentTaskManagers) {
                throw new IllegalArgumentException("Observation: need 0 <= busyTaskManagers (" + busyTaskManagers
                        + ") <= presentTaskManagers (" + presentTaskManagers + ")");
            }
        }

        /**
         * The input rate over the deployed capacity.
         *
         * @return the job's utilization; empty while it is not deployed
         */
        public OptionalDouble utilization() {
            return capacity.isPresent()
                    ? OptionalDouble.of(inputRate / capacity.getAsDouble())
                    : OptionalDouble.empty();
        }

        /**
         * A metric's value for the job (see {@link Metric}).
         *
         * @param metric which
         * @return its value; empty for {@link Metric#UTILIZATION} and {@link Metric#BUSY} while the job
         *     is not deployed
         */
        public OptionalDouble value(Metric metric) {
            if (metric != Metric.LAG && capacity.isEmpty()) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(
                    value(metric, inputRate, capacity.isPresent() ? capacity.getAsDouble() : 0, backlog));
        }

        /**
         * {@link #value(Metric)} of an observation with these figures, the job deployed (for {@link
         * Metric#LAG}, deployed or not).
         */
        static double value(Metric metric, double inputRate, double capacity, double backlog) {
            if (metric == Metric.LAG) {
                return backlog;
            }
            double utilization = inputRate / capacity;
            return metric == Metric.UTILIZATION ? utilization : backlog > 0 ? 1 : Math.min(1, utilization);
        }
    }

    /**
     * What an autoscaler remembers between evaluations.
     *
     * @param desired the TaskManagers it wants now, at least 0
     * @param recommendations its recent raw recommendations, oldest first (the HPA's stabilization
     *     windows)
     * @param changes its recent changes of {@code desired}, oldest first (the HPA's rate limits)
     * @param lastChange when it last changed {@code desired}, if ever (cooldowns)
     * @param memory numbers an autoscaler keeps for itself by name (the previous backlog, when it was
     *     last active), sorted by name; the built-ins keep what is there
     */
    record State(
            int desired,
            List<Recommendation> recommendations,
            List<Change> changes,
            Optional<Instant> lastChange,
            Map<String, Double> memory) {
        /**
         * Validates and copies the fields.
         *
         * @param desired the TaskManagers wanted, at least 0
         * @param recommendations recent recommendations
         * @param changes recent changes
         * @param lastChange the last change, if any
         * @param memory named numbers, each finite
         */
        public State {
            if (desired < 0) {
                throw new IllegalArgumentException("State.desired must be >= 0, got " + desired);
            }
            recommendations = ImmutableList.copyOf(recommendations);
            changes = ImmutableList.copyOf(changes);
            Objects.requireNonNull(lastChange, "State.lastChange must not be null");
            // a map that is already immutable and sorted by name stays (every evaluation passes one on)
            if (!(memory instanceof ImmutableSortedMap<String, Double> sorted
                    && sorted.comparator() == Ordering.natural())) {
                memory = ImmutableSortedMap.copyOf(memory);
            }
            memory.forEach((k, v) -> {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("State.memory[" + k + "] must be finite, got " + v);
                }
            });
        }

        /**
         * A state with nothing in {@link #memory()}.
         *
         * @param desired the TaskManagers wanted, at least 0
         * @param recommendations recent recommendations
         * @param changes recent changes
         * @param lastChange the last change, if any
         */
        public State(
                int desired, List<Recommendation> recommendations, List<Change> changes, Optional<Instant> lastChange) {
            this(desired, recommendations, changes, lastChange, Map.of());
        }

        /**
         * This state with one more (or another) remembered number.
         *
         * @param name the name
         * @param value the value, finite
         * @return a copy
         */
        public State remember(String name, double value) {
            Map<String, Double> m = new TreeMap<>(memory);
            m.put(Objects.requireNonNull(name, "name"), value);
            return new State(desired, recommendations, changes, lastChange, m);
        }

        /**
         * A remembered number.
         *
         * @param name the name
         * @return its value, if remembered
         */
        public OptionalDouble recalled(String name) {
            Double v = memory.get(name);
            return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
        }

        /**
         * This state wanting {@code next} TaskManagers from {@code now}: a change is recorded (for
         * cooldowns and rate limits) only if {@code next} differs from {@link #desired()}.
         *
         * @param next the TaskManagers wanted, at least 0
         * @param now the time of the evaluation
         * @return a copy, keeping the recommendations and the memory
         */
        public State want(int next, Instant now) {
            return changedTo(next, now, recommendations, Duration.ZERO);
        }

        /**
         * The state before the first evaluation.
         *
         * @param taskManagers the TaskManagers the cluster starts with, at least 0
         * @return a state that wants them and remembers nothing
         */
        public static State initial(int taskManagers) {
            return new State(taskManagers, List.of(), List.of(), Optional.empty());
        }

        State changedTo(int next, Instant now, List<Recommendation> recommendations, Duration keepChanges) {
            // the changes after now - keepChanges, in order; the same list when all of them stay
            Instant cutoff = now.minus(keepChanges);
            int stay = 0;
            for (int i = 0; i < changes.size(); i++) {
                if (changes.get(i).time().isAfter(cutoff)) {
                    stay++;
                }
            }
            boolean changed = next != desired;
            List<Change> kept = changes;
            if (stay < changes.size() || changed) {
                ImmutableList.Builder<Change> b = ImmutableList.builderWithExpectedSize(stay + 1);
                for (int i = 0; i < changes.size(); i++) {
                    Change c = changes.get(i);
                    if (c.time().isAfter(cutoff)) {
                        b.add(c);
                    }
                }
                if (changed) {
                    b.add(new Change(now, next - desired));
                }
                kept = b.build();
            }
            if (!changed) {
                return new State(desired, recommendations, kept, lastChange, memory);
            }
            return new State(next, recommendations, kept, Optional.of(now), memory);
        }
    }

    /**
     * A raw recommendation of an {@link Hpa}, before stabilization and limits.
     *
     * @param time when
     * @param taskManagers how many it recommended
     */
    record Recommendation(Instant time, int taskManagers) {}

    /**
     * A change of the desired number of TaskManagers.
     *
     * @param time when
     * @param delta by how many; positive adds
     */
    record Change(Instant time, int delta) {}

    /**
     * The result of one evaluation.
     *
     * @param state the next state; {@link State#desired()} is what the autoscaler wants now
     * @param explanation why the desired number changed, for people; empty when it did not
     */
    record Evaluation(State state, Optional<String> explanation) {
        /**
         * Checks the fields.
         *
         * @param state the next state
         * @param explanation why the desired number changed, if it did
         */
        public Evaluation {
            Objects.requireNonNull(state, "Evaluation.state must not be null");
            Objects.requireNonNull(explanation, "Evaluation.explanation must not be null");
        }

        /**
         * What the autoscaler wants now.
         *
         * @return {@link State#desired()} of the next state
         */
        public int desired() {
            return state.desired();
        }
    }

    /**
     * A limit on how fast the HPA changes the number of TaskManagers (a Kubernetes scaling policy of
     * type {@code Pods}): at most {@code taskManagers} added (or removed) within any {@code period}.
     *
     * @param taskManagers how many, at least 1
     * @param period over how long, positive
     */
    record ChangeLimit(int taskManagers, Duration period) {
        /**
         * Validates the limit.
         *
         * @param taskManagers how many, at least 1
         * @param period over how long, positive
         */
        public ChangeLimit {
            if (taskManagers < 1) {
                throw new IllegalArgumentException("ChangeLimit.taskManagers must be >= 1, got " + taskManagers);
            }
            Objects.requireNonNull(period, "ChangeLimit.period must not be null");
            if (period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("ChangeLimit.period must be positive, got " + period);
            }
        }
    }

    /**
     * Always the same number of TaskManagers (a deployment without an autoscaler; lost ones are
     * replaced at the next sync).
     *
     * @param taskManagers how many, at least 0
     * @param syncPeriod how often the number is enforced, positive
     */
    record Fixed(int taskManagers, Duration syncPeriod) implements Autoscaler {
        /** Its name in files. */
        public static final String TYPE = "fixed";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String summary() {
            return "a fixed " + taskManagers + " TaskManager(s)";
        }

        /**
         * Validates the fields.
         *
         * @param taskManagers how many, at least 0
         * @param syncPeriod how often, positive
         */
        public Fixed {
            if (taskManagers < 0) {
                throw new IllegalArgumentException("Fixed.taskManagers must be >= 0, got " + taskManagers);
            }
            checkPeriod("Fixed.syncPeriod", syncPeriod);
        }

        @Override
        public int minTaskManagers() {
            return taskManagers;
        }

        @Override
        public int maxTaskManagers() {
            return taskManagers;
        }

        @Override
        public Evaluation evaluate(State state, Observation observation) {
            State next = state.changedTo(taskManagers, observation.time(), List.of(), Duration.ZERO);
            return new Evaluation(
                    next,
                    next.desired() == state.desired()
                            ? Optional.empty()
                            : Optional.of("fixed: " + taskManagers + " TaskManager(s)"));
        }
    }

    /**
     * Threshold rules, as an autoscaling group's step scaling: when the metric is above {@code
     * scaleUpAbove}, add {@code step} TaskManagers; below {@code scaleDownBelow}, remove {@code step};
     * between the two (the hysteresis band), and for {@code cooldown} after any change, do nothing.
     *
     * @param metric what to compare
     * @param scaleUpAbove the upper threshold
     * @param scaleDownBelow the lower threshold, less than {@code scaleUpAbove}
     * @param step TaskManagers added or removed at once, at least 1
     * @param cooldown how long after a change to do nothing, at least 0
     * @param minTaskManagers the fewest, at least 0
     * @param maxTaskManagers the most, at least {@code minTaskManagers}
     * @param syncPeriod how often it evaluates, positive
     */
    record Threshold(
            Metric metric,
            double scaleUpAbove,
            double scaleDownBelow,
            int step,
            Duration cooldown,
            int minTaskManagers,
            int maxTaskManagers,
            Duration syncPeriod)
            implements Autoscaler {
        /** Its name in files. */
        public static final String TYPE = "threshold";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String summary() {
            return "threshold rules for " + minTaskManagers + " to " + maxTaskManagers + " TaskManagers";
        }

        /**
         * Validates the fields.
         *
         * @param metric what to compare
         * @param scaleUpAbove the upper threshold, finite
         * @param scaleDownBelow the lower threshold, finite and less than {@code scaleUpAbove}
         * @param step at least 1
         * @param cooldown at least 0
         * @param minTaskManagers at least 0
         * @param maxTaskManagers at least {@code minTaskManagers}
         * @param syncPeriod positive
         */
        public Threshold {
            Objects.requireNonNull(metric, "Threshold.metric must not be null");
            if (!Double.isFinite(scaleUpAbove) || !Double.isFinite(scaleDownBelow)) {
                throw new IllegalArgumentException("Threshold.scaleUpAbove and scaleDownBelow must be finite, got "
                        + scaleUpAbove + " and " + scaleDownBelow);
            }
            if (!(scaleDownBelow < scaleUpAbove)) {
                throw new IllegalArgumentException("Threshold.scaleDownBelow " + scaleDownBelow
                        + " must be less than scaleUpAbove " + scaleUpAbove);
            }
            if (step < 1) {
                throw new IllegalArgumentException("Threshold.step must be >= 1, got " + step);
            }
            Objects.requireNonNull(cooldown, "Threshold.cooldown must not be null");
            if (cooldown.isNegative()) {
                throw new IllegalArgumentException("Threshold.cooldown must not be negative, got " + cooldown);
            }
            checkBounds("Threshold", minTaskManagers, maxTaskManagers);
            checkPeriod("Threshold.syncPeriod", syncPeriod);
        }

        /**
         * The same rules, evaluated at another period.
         *
         * @param period how often, positive
         * @return a copy
         */
        public Threshold withSyncPeriod(Duration period) {
            return new Threshold(
                    metric, scaleUpAbove, scaleDownBelow, step, cooldown, minTaskManagers, maxTaskManagers, period);
        }

        @Override
        public Evaluation evaluate(State state, Observation observation) {
            Instant now = observation.time();
            int current = state.desired();
            OptionalDouble value = observation.value(metric);
            boolean coolingDown = state.lastChange().isPresent()
                    && now.isBefore(state.lastChange().get().plus(cooldown));
            int next = current;
            String why = "";
            if (value.isPresent() && !coolingDown) {
                double v = value.getAsDouble();
                if (v > scaleUpAbove) {
                    next = current + step;
                    why = metric + " " + number(v) + " > " + number(scaleUpAbove);
                } else if (v < scaleDownBelow) {
                    next = current - step;
                    why = metric + " " + number(v) + " < " + number(scaleDownBelow);
                }
            }
            next = Math.max(minTaskManagers, Math.min(maxTaskManagers, next));
            State after = state.changedTo(next, now, List.of(), Duration.ZERO);
            if (next == current) {
                return new Evaluation(after, Optional.empty());
            }
            return new Evaluation(
                    after,
                    Optional.of("threshold: "
                            + (why.isEmpty() ? "within [" + minTaskManagers + ", " + maxTaskManagers + "]" : why) + ": "
                            + current + " -> " + next + " TaskManager(s)"));
        }
    }

    /**
     * Kubernetes' Horizontal Pod Autoscaler over the TaskManager deployment, as in the blog post.
     *
     * <p>Its pods are the TaskManagers. The job's load is spread over the TaskManagers it runs tasks
     * on, so each of those shows the job's {@link Observation#value}, and a TaskManager without tasks
     * (just joined, not used yet) shows 0, as Kubernetes counts unready pods when scaling up. At each
     * sync, with {@code current} the TaskManagers it wants so far, {@code total = busy × value} the
     * metric summed over the TaskManagers present (for {@link Metric#LAG}, an average-value target in
     * records per TaskManager, {@code total} is the backlog) and {@code average = total / present}:
     *
     * <ol>
     *   <li>the raw recommendation is {@code current} if the average is within {@code tolerance} of the
     *       target ({@code |average / target − 1| ≤ tolerance}), else {@code ceil(total / target)}:
     *       Kubernetes' {@code ceil(present × average / target)};
     *   <li>stabilization, as Kubernetes' {@code stabilizeRecommendationWithBehaviors}: the result is
     *       {@code current} moved up to at least the least raw recommendation of the scale-up window
     *       and down to at most the greatest of the scale-down window (each window including this
     *       one): a rolling maximum delays a scale-down until the window has seen only lower
     *       recommendations;
     *   <li>the rate limits: at most {@link ChangeLimit#taskManagers()} added (removed) within any
     *       {@link ChangeLimit#period()}, counting the changes of the past period;
     *   <li>the bounds {@code [minTaskManagers, maxTaskManagers]}.
     * </ol>
     *
     * <p>While the metric is undefined (the job is not deployed, or no TaskManager is present), it
     * keeps its number and records no recommendation, as the HPA skips a sync without metrics.
     *
     * @param metric what it averages
     * @param target the target value of the metric, positive
     * @param tolerance how far from the target the average may be without a change, at least 0; 0.1
     *     in Kubernetes
     * @param scaleUpStabilization the scale-up stabilization window, at least 0; 0 in Kubernetes
     * @param scaleDownStabilization the scale-down stabilization window, at least 0; 300 s in
     *     Kubernetes
     * @param scaleUpLimit the most TaskManagers added per period, if limited
     * @param scaleDownLimit the most TaskManagers removed per period, if limited
     * @param minTaskManagers the fewest, at least 1 (as an HPA's {@code minReplicas})
     * @param maxTaskManagers the most, at least {@code minTaskManagers}
     * @param syncPeriod how often it evaluates, positive; 15 s in Kubernetes
     */
    record Hpa(
            Metric metric,
            double target,
            double tolerance,
            Duration scaleUpStabilization,
            Duration scaleDownStabilization,
            Optional<ChangeLimit> scaleUpLimit,
            Optional<ChangeLimit> scaleDownLimit,
            int minTaskManagers,
            int maxTaskManagers,
            Duration syncPeriod)
            implements Autoscaler {
        /** Its name in files. */
        public static final String TYPE = "hpa";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String summary() {
            return "an HPA for " + minTaskManagers + " to " + maxTaskManagers + " TaskManagers";
        }

        /** Kubernetes' default tolerance, 0.1 ({@code --horizontal-pod-autoscaler-tolerance}). */
        public static final double DEFAULT_TOLERANCE = 0.1;

        /** Kubernetes' default scale-down stabilization window, 300 s. */
        public static final Duration DEFAULT_SCALE_DOWN_STABILIZATION = Duration.ofSeconds(300);

        /**
         * Validates the fields.
         *
         * @param metric what it averages
         * @param target positive and finite
         * @param tolerance at least 0
         * @param scaleUpStabilization at least 0
         * @param scaleDownStabilization at least 0
         * @param scaleUpLimit the scale-up rate limit, if any
         * @param scaleDownLimit the scale-down rate limit, if any
         * @param minTaskManagers at least 1
         * @param maxTaskManagers at least {@code minTaskManagers}
         * @param syncPeriod positive
         */
        public Hpa {
            Objects.requireNonNull(metric, "Hpa.metric must not be null");
            if (!Double.isFinite(target) || target <= 0) {
                throw new IllegalArgumentException("Hpa.target must be a finite number > 0, got " + target);
            }
            if (!Double.isFinite(tolerance) || tolerance < 0) {
                throw new IllegalArgumentException("Hpa.tolerance must be a finite number >= 0, got " + tolerance);
            }
            notNegative("Hpa.scaleUpStabilization", scaleUpStabilization);
            notNegative("Hpa.scaleDownStabilization", scaleDownStabilization);
            Objects.requireNonNull(scaleUpLimit, "Hpa.scaleUpLimit must not be null");
            Objects.requireNonNull(scaleDownLimit, "Hpa.scaleDownLimit must not be null");
            if (minTaskManagers < 1) {
                throw new IllegalArgumentException("Hpa.minTaskManagers must be >= 1, got " + minTaskManagers);
            }
            checkBounds("Hpa", minTaskManagers, maxTaskManagers);
            checkPeriod("Hpa.syncPeriod", syncPeriod);
        }

        /**
         * This HPA with another metric and target.
         *
         * @param m the metric
         * @param t its target, positive
         * @return a copy
         */
        public Hpa withMetric(Metric m, double t) {
            return new Hpa(
                    m,
                    t,
                    tolerance,
                    scaleUpStabilization,
                    scaleDownStabilization,
                    scaleUpLimit,
                    scaleDownLimit,
                    minTaskManagers,
                    maxTaskManagers,
                    syncPeriod);
        }

        /**
         * This HPA with other stabilization windows.
         *
         * @param up the scale-up window, at least 0
         * @param down the scale-down window, at least 0
         * @return a copy
         */
        public Hpa withStabilization(Duration up, Duration down) {
            return new Hpa(
                    metric,
                    target,
                    tolerance,
                    up,
                    down,
                    scaleUpLimit,
                    scaleDownLimit,
                    minTaskManagers,
                    maxTaskManagers,
                    syncPeriod);
        }

        /**
         * This HPA with rate limits.
         *
         * @param up the scale-up limit, if any
         * @param down the scale-down limit, if any
         * @return a copy
         */
        public Hpa withLimits(Optional<ChangeLimit> up, Optional<ChangeLimit> down) {
            return new Hpa(
                    metric,
                    target,
                    tolerance,
                    scaleUpStabilization,
                    scaleDownStabilization,
                    up,
                    down,
                    minTaskManagers,
                    maxTaskManagers,
                    syncPeriod);
        }

        @Override
        public Evaluation evaluate(State state, Observation observation) {
            Instant now = observation.time();
            int current = state.desired();
            OptionalDouble value = observation.value(metric);
            int present = observation.presentTaskManagers();
            if (value.isEmpty() || present == 0) {
                return new Evaluation(state, Optional.empty());
            }
            double total = total(value.getAsDouble(), observation.busyTaskManagers());
            int raw = raw(current, total, present);

            // stabilization: the rolling minimum (scale up) and maximum (scale down) of the windows
            int up = raw;
            int down = raw;
            List<Recommendation> recommendations = state.recommendations();
            ImmutableList.Builder<Recommendation> kept =
                    ImmutableList.builderWithExpectedSize(recommendations.size() + 1);
            Instant upFrom = now.minus(scaleUpStabilization);
            Instant downFrom = now.minus(scaleDownStabilization);
            Instant keptFrom = now.minus(max(scaleUpStabilization, scaleDownStabilization));
            for (int i = 0; i < recommendations.size(); i++) {
                Recommendation r = recommendations.get(i);
                if (r.time().isAfter(upFrom)) {
                    up = Math.min(up, r.taskManagers());
                }
                if (r.time().isAfter(downFrom)) {
                    down = Math.max(down, r.taskManagers());
                }
                if (r.time().isAfter(keptFrom)) {
                    kept.add(r);
                }
            }
            kept.add(new Recommendation(now, raw));
            int next = Math.min(Math.max(current, up), down);
            int stabilized = next;

            // rate limits over the changes of the past period
            if (next > current && scaleUpLimit.isPresent()) {
                ChangeLimit limit = scaleUpLimit.get();
                int added = state.changes().stream()
                        .filter(c -> c.time().isAfter(now.minus(limit.period())) && c.delta() > 0)
                        .mapToInt(Change::delta)
                        .sum();
                next = Math.min(next, Math.max(current, current - added + limit.taskManagers()));
            } else if (next < current && scaleDownLimit.isPresent()) {
                ChangeLimit limit = scaleDownLimit.get();
                int removed = state.changes().stream()
                        .filter(c -> c.time().isAfter(now.minus(limit.period())) && c.delta() < 0)
                        .mapToInt(c -> -c.delta())
                        .sum();
                next = Math.max(next, Math.min(current, current + removed - limit.taskManagers()));
            }
            int limited = next;
            next = Math.max(minTaskManagers, Math.min(maxTaskManagers, next));

            Duration keepChanges = max(
                    scaleUpLimit.isPresent() ? scaleUpLimit.get().period() : Duration.ZERO,
                    scaleDownLimit.isPresent() ? scaleDownLimit.get().period() : Duration.ZERO);
            State after = state.changedTo(next, now, kept.build(), keepChanges);
            if (next == current) {
                return new Evaluation(after, Optional.empty());
            }
            return new Evaluation(
                    after, Optional.of(why(total / present, present, raw, stabilized, limited, next, current)));
        }

        /** The metric summed over the TaskManagers present: the backlog, or the value on each busy one. */
        double total(double value, int busyTaskManagers) {
            return metric == Metric.LAG ? value : value * busyTaskManagers;
        }

        /** The raw recommendation: {@code current} within the tolerance, else {@code ceil(total / target)}. */
        int raw(int current, double total, int present) {
            double average = total / present;
            boolean withinTolerance = Math.abs(average / target - 1) <= tolerance;
            // a hair below an integer is that integer: 2.8 / 0.7 is 4.000000000000001 in floating point
            return withinTolerance ? current : (int) Math.min(Integer.MAX_VALUE, Math.ceil(total / target - 1e-9));
        }

        /** Why the number changed from {@code current} to {@code next}, step by step. */
        String why(double average, int present, int raw, int stabilized, int limited, int next, int current) {
            StringBuilder why = new StringBuilder("hpa: ")
                    .append(metric)
                    .append(' ')
                    .append(number(average))
                    .append(" (target ")
                    .append(number(target))
                    .append(") over ")
                    .append(present)
                    .append(" TaskManager(s) recommends ")
                    .append(raw);
            if (stabilized != raw) {
                why.append(", stabilized to ").append(stabilized);
            }
            if (limited != stabilized) {
                why.append(", rate-limited to ").append(limited);
            }
            if (next != limited) {
                why.append(", bounded to ").append(next);
            }
            why.append(": ").append(current).append(" -> ").append(next).append(" TaskManager(s)");
            return why.toString();
        }
    }

    /**
     * KEDA's Kafka trigger over the TaskManager deployment: scale on the consumer lag, with an
     * activation threshold and scale to zero, as KEDA's {@code ScaledObject} with a {@code kafka}
     * trigger does. KEDA feeds the lag to an HPA with an average-value target of {@code lagThreshold}
     * per replica, and itself handles 0 ↔ 1. At each sync (KEDA's {@code pollingInterval}), with
     * {@code lag} the backlog and {@code current} the TaskManagers wanted so far:
     *
     * <ol>
     *   <li>the trigger is <em>active</em> while {@code lag > activationLagThreshold};
     *   <li>active at 0 TaskManagers: activate, 1 TaskManager;
     *   <li>at 1 or more: the HPA step of {@link Hpa} with metric {@link Metric#LAG}, target {@code
     *       lagThreshold}, tolerance 0.1, no scale-up window, the 300 s scale-down window, and bounds
     *       {@code [max(1, minTaskManagers), maxTaskManagers]}: {@code ceil(lag / lagThreshold)}
     *       TaskManagers, stabilized;
     *   <li>then at most {@code partitions} TaskManagers, if set (KEDA's default without {@code
     *       allowIdleConsumers}: a consumer per partition at most);
     *   <li>with {@code minTaskManagers} 0: once inactive for {@code cooldownPeriod} since it was last
     *       active (or since the first sync, if never), 0 TaskManagers.
     * </ol>
     *
     * <p>Worked example: lag threshold 1000, lag 4500 at 2 TaskManagers: {@code ceil(4500 / 1000)} = 5.
     *
     * @param lagThreshold the target lag per TaskManager, positive (KEDA's {@code lagThreshold})
     * @param activationLagThreshold the lag at or below which the trigger is inactive, at least 0
     *     (KEDA's {@code activationLagThreshold}, default 0)
     * @param partitions the most TaskManagers, a consumer per partition, if limited
     * @param cooldownPeriod how long inactive before scaling to zero, at least 0 (KEDA's {@code
     *     cooldownPeriod}, default 300 s)
     * @param minTaskManagers the fewest, at least 0 (KEDA's {@code minReplicaCount}, default 0)
     * @param maxTaskManagers the most, at least 1 and {@code minTaskManagers}
     * @param syncPeriod how often it polls, positive (KEDA's {@code pollingInterval}, default 30 s)
     */
    record KedaLag(
            double lagThreshold,
            double activationLagThreshold,
            Optional<Integer> partitions,
            Duration cooldownPeriod,
            int minTaskManagers,
            int maxTaskManagers,
            Duration syncPeriod)
            implements Autoscaler {
        /** Its name in files. */
        public static final String TYPE = "keda";

        /** KEDA's default {@code cooldownPeriod}, 300 s. */
        public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(300);

        /** KEDA's default {@code pollingInterval}, 30 s. */
        public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(30);

        private static final String LAST_ACTIVE = "keda.lastActiveMillis";

        /**
         * Validates the fields.
         *
         * @param lagThreshold positive and finite
         * @param activationLagThreshold at least 0 and finite
         * @param partitions at least 1, if set
         * @param cooldownPeriod at least 0
         * @param minTaskManagers at least 0
         * @param maxTaskManagers at least 1 and {@code minTaskManagers}
         * @param syncPeriod positive
         */
        public KedaLag {
            if (!Double.isFinite(lagThreshold) || lagThreshold <= 0) {
                throw new IllegalArgumentException(
                        "KedaLag.lagThreshold must be a finite number > 0, got " + lagThreshold);
            }
            if (!Double.isFinite(activationLagThreshold) || activationLagThreshold < 0) {
                throw new IllegalArgumentException(
                        "KedaLag.activationLagThreshold must be a finite number >= 0, got " + activationLagThreshold);
            }
            Objects.requireNonNull(partitions, "KedaLag.partitions must not be null");
            if (partitions.isPresent() && partitions.get() < 1) {
                throw new IllegalArgumentException("KedaLag.partitions must be >= 1, got " + partitions.get());
            }
            notNegative("KedaLag.cooldownPeriod", cooldownPeriod);
            checkBounds("KedaLag", minTaskManagers, maxTaskManagers);
            if (maxTaskManagers < 1) {
                throw new IllegalArgumentException("KedaLag.maxTaskManagers must be >= 1, got " + maxTaskManagers);
            }
            checkPeriod("KedaLag.syncPeriod", syncPeriod);
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String summary() {
            return "KEDA's lag trigger for " + minTaskManagers + " to " + maxTaskManagers + " TaskManagers";
        }

        private Hpa hpa() {
            return new Hpa(
                    Metric.LAG,
                    lagThreshold,
                    Hpa.DEFAULT_TOLERANCE,
                    Duration.ZERO,
                    Hpa.DEFAULT_SCALE_DOWN_STABILIZATION,
                    Optional.empty(),
                    Optional.empty(),
                    Math.max(1, minTaskManagers),
                    maxTaskManagers,
                    syncPeriod);
        }

        @Override
        public Evaluation evaluate(State state, Observation observation) {
            Instant now = observation.time();
            double lag = observation.backlog();
            boolean active = lag > activationLagThreshold;
            int current = state.desired();
            State base = state;
            if (active || state.recalled(LAST_ACTIVE).isEmpty()) {
                // never active: the cooldown runs from the first sync, as from a ScaledObject's creation
                base = base.remember(LAST_ACTIVE, now.toEpochMilli());
            }
            Instant lastActive =
                    Instant.ofEpochMilli((long) base.recalled(LAST_ACTIVE).getAsDouble());
            int next;
            String why;
            State after;
            if (current == 0) {
                next = active ? 1 : 0;
                why = "keda: lag " + number(lag) + " > activation threshold " + number(activationLagThreshold)
                        + ": activate";
                after = base.want(next, now);
            } else if (!active && minTaskManagers == 0 && !now.isBefore(lastActive.plus(cooldownPeriod))) {
                next = 0;
                why = "keda: lag " + number(lag) + " <= activation threshold " + number(activationLagThreshold)
                        + " for " + Readable.duration(Duration.between(lastActive, now)) + ": scale to zero";
                after = base.want(next, now);
            } else {
                Evaluation e = hpa().evaluate(base, observation);
                next = e.desired();
                why = e.explanation().map(x -> "keda " + x).orElse("");
                if (partitions.isPresent() && next > partitions.get() && next > current) {
                    next = Math.max(current, partitions.get());
                    why += ", at most " + partitions.get() + " (one per partition)";
                }
                after = e.state().desired() == next ? e.state() : base.want(next, now);
            }
            if (next == current) {
                return new Evaluation(after, Optional.empty());
            }
            return new Evaluation(
                    after,
                    Optional.of(why
                            + (why.endsWith("TaskManager(s)")
                                    ? ""
                                    : ": " + current + " -> " + next + " TaskManager(s)")));
        }
    }

    /**
     * The rule of thumb an external autoscaler for Reactive Mode applies to Flink's task metrics:
     * busy time ({@code busyTimeMsPerSecond} / 1000, here {@link Metric#BUSY}), a growing source lag,
     * multiplicative steps and a cooldown between decisions. At each sync, outside {@code cooldown}
     * after its last change, and while the job is deployed (busy has a value), with {@code current}
     * the TaskManagers wanted so far:
     *
     * <ol>
     *   <li>busy above {@code busyAbove}: {@code ceil(current × scaleUpFactor)} (heavy backpressure);
     *   <li>else the lag grew since the previous sync: {@code ceil(current × lagGrowthFactor)};
     *   <li>else busy below {@code idleBelow} and no lag: {@code floor(current × scaleDownFactor)}
     *       (idle);
     *   <li>else no change;
     * </ol>
     *
     * <p>then at least {@code current + 1} for a scale-up and at most {@code current − 1} for a
     * scale-down (so that each step moves, even from 1), bounded to {@code [minTaskManagers,
     * maxTaskManagers]}. In the simulator's model a job with a backlog is busy 1, so the lag rule acts
     * only when {@code busyAbove} is 1 or more.
     *
     * <p>Worked example with the defaults (0.8, 1.5, 1.3, 0.1, 0.75): busy 0.9 at 4 TaskManagers:
     * {@code ceil(6.0)} = 6; idle at 4: {@code floor(3.0)} = 3; idle at 1: 0, bounded to the minimum.
     *
     * @param busyAbove scale up above this busy fraction, in (0, 1]; 0.8 (800 ms/s) by default
     * @param scaleUpFactor the factor for heavy load, above 1; 1.5 by default
     * @param lagGrowthFactor the factor for a growing lag, above 1; 1.3 by default
     * @param idleBelow scale down below this busy fraction with no lag, in [0, {@code busyAbove});
     *     0.1 (100 ms/s) by default
     * @param scaleDownFactor the factor when idle, in (0, 1); 0.75 by default
     * @param cooldown how long after a change to do nothing, at least 0; 60 s by default
     * @param minTaskManagers the fewest, at least 0
     * @param maxTaskManagers the most
     * @param syncPeriod how often it evaluates, positive
     */
    record BusyTime(
            double busyAbove,
            double scaleUpFactor,
            double lagGrowthFactor,
            double idleBelow,
            double scaleDownFactor,
            Duration cooldown,
            int minTaskManagers,
            int maxTaskManagers,
            Duration syncPeriod)
            implements Autoscaler {
        /** Its name in files. */
        public static final String TYPE = "busy-time";

        /** The default cooldown between decisions, 60 s. */
        public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(60);

        private static final String PREVIOUS_LAG = "busy-time.previousLag";

        /**
         * Validates the fields.
         *
         * @param busyAbove in (0, 1]
         * @param scaleUpFactor above 1
         * @param lagGrowthFactor above 1
         * @param idleBelow in [0, busyAbove)
         * @param scaleDownFactor in (0, 1)
         * @param cooldown at least 0
         * @param minTaskManagers at least 0
         * @param maxTaskManagers at least {@code minTaskManagers}
         * @param syncPeriod positive
         */
        public BusyTime {
            if (!(busyAbove > 0 && busyAbove <= 1)) {
                throw new IllegalArgumentException("BusyTime.busyAbove must be in (0, 1], got " + busyAbove);
            }
            if (!(idleBelow >= 0 && idleBelow < busyAbove)) {
                throw new IllegalArgumentException(
                        "BusyTime.idleBelow must be in [0, busyAbove " + busyAbove + "), got " + idleBelow);
            }
            if (!(scaleUpFactor > 1 && Double.isFinite(scaleUpFactor))) {
                throw new IllegalArgumentException(
                        "BusyTime.scaleUpFactor must be a finite number > 1, got " + scaleUpFactor);
            }
            if (!(lagGrowthFactor > 1 && Double.isFinite(lagGrowthFactor))) {
                throw new IllegalArgumentException(
                        "BusyTime.lagGrowthFactor must be a finite number > 1, got " + lagGrowthFactor);
            }
            if (!(scaleDownFactor > 0 && scaleDownFactor < 1)) {
                throw new IllegalArgumentException(
                        "BusyTime.scaleDownFactor must be in (0, 1), got " + scaleDownFactor);
            }
            notNegative("BusyTime.cooldown", cooldown);
            checkBounds("BusyTime", minTaskManagers, maxTaskManagers);
            checkPeriod("BusyTime.syncPeriod", syncPeriod);
        }

        /**
         * The rule with its defaults.
         *
         * @param minTaskManagers the fewest, at least 0
         * @param maxTaskManagers the most
         * @return the rule, every 15 s
         */
        public static BusyTime withDefaults(int minTaskManagers, int maxTaskManagers) {
            return new BusyTime(
                    0.8, 1.5, 1.3, 0.1, 0.75, DEFAULT_COOLDOWN, minTaskManagers, maxTaskManagers, DEFAULT_SYNC_PERIOD);
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String summary() {
            return "busy-time rules for " + minTaskManagers + " to " + maxTaskManagers + " TaskManagers";
        }

        @Override
        public Evaluation evaluate(State state, Observation observation) {
            Instant now = observation.time();
            int current = state.desired();
            double lag = observation.backlog();
            OptionalDouble previous = state.recalled(PREVIOUS_LAG);
            State remembered = state.remember(PREVIOUS_LAG, lag);
            OptionalDouble busy = observation.value(Metric.BUSY);
            boolean coolingDown = state.lastChange().isPresent()
                    && now.isBefore(state.lastChange().get().plus(cooldown));
            int next = current;
            String why = "";
            if (busy.isPresent() && !coolingDown) {
                double b = busy.getAsDouble();
                if (b > busyAbove) {
                    next = Math.max(current + 1, ceil(current * scaleUpFactor));
                    why = "busy " + number(b) + " > " + number(busyAbove) + ", x" + number(scaleUpFactor);
                } else if (previous.isPresent() && lag > previous.getAsDouble()) {
                    next = Math.max(current + 1, ceil(current * lagGrowthFactor));
                    why = "lag grew " + number(previous.getAsDouble()) + " -> " + number(lag) + ", x"
                            + number(lagGrowthFactor);
                } else if (b < idleBelow && lag == 0) {
                    next = Math.min(current - 1, (int) Math.floor(current * scaleDownFactor + 1e-9));
                    why = "busy " + number(b) + " < " + number(idleBelow) + " and no lag, x" + number(scaleDownFactor);
                }
            }
            int bounded = Math.max(minTaskManagers, Math.min(maxTaskManagers, next));
            State after = remembered.want(bounded, now);
            if (bounded == current) {
                return new Evaluation(after, Optional.empty());
            }
            return new Evaluation(
                    after,
                    Optional.of("busy-time: "
                            + (why.isEmpty()
                                    ? "within [" + minTaskManagers + ", " + maxTaskManagers + "]"
                                    : why + (bounded != next ? ", bounded" : ""))
                            + ": " + current + " -> " + bounded
                            + " TaskManager(s)"));
        }

        private static int ceil(double v) {
            // a hair above an integer is that integer: 4 × 1.5 is exact, 10 × 1.3 is 13.000000000000002
            return (int) Math.min(Integer.MAX_VALUE, Math.ceil(v - 1e-9));
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String number(double v) {
        // Locale.US gives what Locale.ROOT gives ('0' to '9', '.'), without looking up the locale's
        // symbols at every call, which costs more than the formatting
        return Numbers.threeDigits(v);
    }

    private static void notNegative(String field, Duration d) {
        Objects.requireNonNull(d, field + " must not be null");
        if (d.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, got " + d);
        }
    }

    private static void checkPeriod(String field, Duration d) {
        Objects.requireNonNull(d, field + " must not be null");
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(field + " must be positive, got " + Durations.format(d));
        }
    }

    private static void checkBounds(String type, int min, int max) {
        if (min < 0) {
            throw new IllegalArgumentException(type + ".minTaskManagers must be >= 0, got " + min);
        }
        if (max < min) {
            throw new IllegalArgumentException(type + ".maxTaskManagers " + max + " must be >= minTaskManagers " + min);
        }
    }
}
