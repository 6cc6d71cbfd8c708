package io.github.slotwise.rescale;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link FlinkScheduler#finish()} returns the state it started from at the new time when no field but
 * the time changed, which it finds by comparing every field, and {@link QuietEvents} gives a quiet
 * event again for a state equal in every field but the time: a field added to {@link
 * FlinkDeciderState} must be compared in both ({@code onlyTimeChanged}, {@link
 * QuietEvents#sameButTime}), and this list updated with it.
 */
class FlinkDeciderStateFieldsTest {

    @Test
    void everyFieldIsOneTheSchedulerComparesBeforeKeepingTheState() {
        Set<String> fields = new TreeSet<>();
        for (Method m : FlinkDeciderState.class.getDeclaredMethods()) {
            // the attributes: abstract, or with a default (not retained at run time, so: every method
            // without parameters but the one derived from the timers)
            if (m.getParameterCount() == 0
                    && !m.isSynthetic()
                    && !Modifier.isStatic(m.getModifiers())
                    && !m.getName().equals("nextWakeUp")) {
                fields.add(m.getName());
            }
        }
        assertThat(fields)
                .as("the fields FlinkScheduler.onlyTimeChanged and QuietEvents.sameButTime compare (and time)")
                .containsExactlyInAnyOrder(
                        "graph",
                        "time",
                        "availableSlots",
                        "schedulerState",
                        "running",
                        "lastRescale",
                        "phase",
                        "timers",
                        "stateToken",
                        "phaseToken",
                        "nextTimerSeq",
                        "firstChange",
                        "lastChange",
                        "evaluationScheduled",
                        "failedCheckpointCountdown",
                        "scalingIntervalMinScheduled",
                        "stabilizationDeadline");
    }
}
