package io.github.slotwise.simulation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Slotwise's own autoscaler types, registered through {@code
 * META-INF/services/io.github.slotwise.simulation.AutoscalerProvider} like any plugin's: {@code
 * fixed}, {@code threshold}, {@code hpa}, {@code keda}, {@code busy-time} (docs/trace-format.md, "Load
 * scenarios").
 */
public final class BuiltInAutoscalers implements AutoscalerProvider {
    private static final List<String> METRICS = List.of("utilization", "busy", "lag");

    private static final List<AutoscalerType> TYPES = List.of(
            type(Autoscaler.Fixed.TYPE, "always the same number of TaskManagers", f -> {
                int taskManagers = f.integer("taskManagers");
                Duration sync = sync(f, Autoscaler.DEFAULT_SYNC_PERIOD);
                return new Autoscaler.Fixed(taskManagers, sync);
            }),
            type(Autoscaler.Threshold.TYPE, "step scaling: add or remove a step above or below two thresholds", f -> {
                double up = f.number("scaleUpAbove");
                double down = f.number("scaleDownBelow");
                int max = f.integer("maxTaskManagers");
                Autoscaler.Metric metric = metric(f);
                int step = f.optionalInteger("step").orElse(1);
                Duration cooldown = f.optionalDuration("cooldown").orElse(Duration.ZERO);
                int min = f.optionalInteger("minTaskManagers").orElse(1);
                Duration sync = sync(f, Autoscaler.DEFAULT_SYNC_PERIOD);
                return new Autoscaler.Threshold(metric, up, down, step, cooldown, min, max, sync);
            }),
            type(Autoscaler.Hpa.TYPE, "Kubernetes' Horizontal Pod Autoscaler", f -> {
                double target = f.number("target");
                int max = f.integer("maxTaskManagers");
                Autoscaler.Metric metric = metric(f);
                double tolerance = f.optionalNumber("tolerance").orElse(Autoscaler.Hpa.DEFAULT_TOLERANCE);
                Duration up = f.optionalDuration("scaleUpStabilization").orElse(Duration.ZERO);
                Duration down = f.optionalDuration("scaleDownStabilization")
                        .orElse(Autoscaler.Hpa.DEFAULT_SCALE_DOWN_STABILIZATION);
                Optional<Autoscaler.ChangeLimit> upLimit = limit(f, "scaleUpLimit");
                Optional<Autoscaler.ChangeLimit> downLimit = limit(f, "scaleDownLimit");
                int min = f.optionalInteger("minTaskManagers").orElse(1);
                Duration sync = sync(f, Autoscaler.DEFAULT_SYNC_PERIOD);
                return new Autoscaler.Hpa(metric, target, tolerance, up, down, upLimit, downLimit, min, max, sync);
            }),
            type(
                    Autoscaler.KedaLag.TYPE,
                    "KEDA's Kafka trigger: TaskManagers for the consumer lag, to zero when idle",
                    f -> {
                        double lagThreshold = f.number("lagThreshold");
                        int max = f.integer("maxTaskManagers");
                        double activation =
                                f.optionalNumber("activationLagThreshold").orElse(0);
                        Optional<Integer> partitions =
                                f.optionalInteger("partitions").stream().boxed().findFirst();
                        Duration cooldown =
                                f.optionalDuration("cooldownPeriod").orElse(Autoscaler.KedaLag.DEFAULT_COOLDOWN);
                        int min = f.optionalInteger("minTaskManagers").orElse(0);
                        Duration sync = sync(f, Autoscaler.KedaLag.DEFAULT_POLLING_INTERVAL);
                        return new Autoscaler.KedaLag(lagThreshold, activation, partitions, cooldown, min, max, sync);
                    }),
            type(
                    Autoscaler.BusyTime.TYPE,
                    "busy time and lag growth, multiplicative steps with a cooldown (Reactive Mode's external autoscaler)",
                    f -> {
                        int max = f.integer("maxTaskManagers");
                        double busyAbove = f.optionalNumber("busyAbove").orElse(0.8);
                        double upFactor = f.optionalNumber("scaleUpFactor").orElse(1.5);
                        double lagFactor = f.optionalNumber("lagGrowthFactor").orElse(1.3);
                        double idleBelow = f.optionalNumber("idleBelow").orElse(0.1);
                        double downFactor = f.optionalNumber("scaleDownFactor").orElse(0.75);
                        Duration cooldown = f.optionalDuration("cooldown").orElse(Autoscaler.BusyTime.DEFAULT_COOLDOWN);
                        int min = f.optionalInteger("minTaskManagers").orElse(1);
                        Duration sync = sync(f, Autoscaler.DEFAULT_SYNC_PERIOD);
                        return new Autoscaler.BusyTime(
                                busyAbove, upFactor, lagFactor, idleBelow, downFactor, cooldown, min, max, sync);
                    }));

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public BuiltInAutoscalers() {}

    @Override
    public List<AutoscalerType> autoscalerTypes() {
        return TYPES;
    }

    private interface Reader {
        Autoscaler read(AutoscalerFields fields);
    }

    private static AutoscalerType type(String name, String description, Reader reader) {
        return new AutoscalerType() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public Autoscaler read(AutoscalerFields fields) {
                return reader.read(fields);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static Autoscaler.Metric metric(AutoscalerFields f) {
        return f.optionalChoice("metric", METRICS)
                .map(m -> Autoscaler.Metric.values()[METRICS.indexOf(m)])
                .orElse(Autoscaler.Metric.UTILIZATION);
    }

    private static Duration sync(AutoscalerFields f, Duration defaultPeriod) {
        return f.optionalDuration("syncPeriod").orElse(defaultPeriod);
    }

    private static Optional<Autoscaler.ChangeLimit> limit(AutoscalerFields f, String name) {
        return f.optionalObject(name).map(l -> {
            int taskManagers = l.integer("taskManagers");
            Duration period = l.optionalDuration("period").orElseThrow(() -> l.failure("missing field 'period'"));
            return new Autoscaler.ChangeLimit(taskManagers, period);
        });
    }
}
