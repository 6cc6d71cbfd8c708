package io.github.slotwise.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.rescale.FlinkConfig;
import java.lang.reflect.Field;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.JobManagerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-version default of {@code jobmanager.adaptive-scheduler.prefer-minimal-taskmanagers}
 * (FLINK-33977, which patch releases added), {@link FlinkConfig#preferMinimalTaskManagersDefault},
 * against the {@code JobManagerOptions} of the flink-core jar under test: its default where the line
 * has the option, and "no pick" (false) where it does not.
 *
 * <p>Shared test support (flink-test-support): run against every line of the version matrix, and by
 * flink-adapter (2.3) and flink-adapter-1.20 (1.20.3).
 */
class OptionDefaultsDifferentialTest {
    static final String KEY = "jobmanager.adaptive-scheduler.prefer-minimal-taskmanagers";

    @RegisterExtension
    static final DifferentialTally TALLY = DifferentialTally.inOrder(0, DifferentialResults.oracle());

    @Test
    void preferMinimalTaskManagersDefaultIsTheJars() throws IllegalAccessException {
        Optional<Object> flinkDefault = Optional.empty();
        boolean present = false;
        for (Field f : JobManagerOptions.class.getFields()) {
            if (f.get(null) instanceof ConfigOption<?> option && option.key().equals(KEY)) {
                present = true;
                flinkDefault = Optional.ofNullable(option.defaultValue());
            }
        }
        boolean expected = present && Boolean.TRUE.equals(flinkDefault.orElse(false));
        String version = DifferentialResults.flinkVersion();
        assertThat(FlinkConfig.preferMinimalTaskManagersDefault(version))
                .as("%s in %s (option %s)", KEY, version, present ? "present" : "absent")
                .isEqualTo(expected);
        TALLY.agreed(KEY + (present ? " default " + expected : " absent"));
    }
}
