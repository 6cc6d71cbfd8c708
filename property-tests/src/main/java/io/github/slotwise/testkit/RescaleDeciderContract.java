package io.github.slotwise.testkit;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.rescale.DeciderState;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.SchedulerState;
import io.github.slotwise.rescale.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RescaleDecider} keeps, as a JUnit 5 test to subclass with one line
 * (two if rescales must be spaced):
 *
 * <pre>{@code
 * class VoteDeciderContractTest extends RescaleDeciderContract {
 *     protected RescaleDecider createDecider() { return new VoteDecider(); }
 *     protected Duration minimumSpacing() { return Duration.ofSeconds(30); }
 * }
 * }</pre>
 *
 * <p>Driven through generated graphs and traces ({@link DeciderDriver}):
 *
 * <ul>
 *   <li><b>validity</b>: decision times never go back, every RESCALE's plan fits the slots within
 *       the bounds, no RESCALE to the running parallelism ({@link DeciderInvariants});
 *   <li><b>spacing</b>: no rescale action within {@link #minimumSpacing()} of the (re)start it
 *       interrupts ({@link DeciderInvariants#RESCALE_SPACING});
 *   <li><b>{@link #STATE_VIEW}</b>: the initial state is CREATED at no time without a plan; after
 *       each event the state's time is the event's, the running plan is present exactly while
 *       EXECUTING, the last decision's wake-up is the state's {@link DeciderState#nextWakeUp()}, not
 *       before the event;
 *   <li><b>{@link #DETERMINISTIC}</b>: the same trace gives the same timeline, from a used and a
 *       fresh instance;
 *   <li><b>{@link #ATOMIC}</b>: deciding the same event on the same state twice gives equal
 *       transitions (the state is a value that a decision does not change), and an event before the
 *       state's time is an {@link IllegalArgumentException} after which the state decides as before.
 * </ul>
 */
public abstract class RescaleDeciderContract {
    /** What the state tells about the job is consistent. */
    public static final String STATE_VIEW = "contract.state-view";

    /** The same trace gives the same timeline. */
    public static final String DETERMINISTIC = "contract.deterministic";

    /** A decision leaves its input state as it was; a rejected event changes nothing. */
    public static final String ATOMIC = "contract.atomic";

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TAIL = Duration.ofMinutes(10);

    /** Examples per test; override to run more or fewer. */
    protected int examples() {
        return 100;
    }

    /**
     * A new instance of the decider under test; called more than once.
     *
     * @return the decider
     */
    protected abstract RescaleDecider createDecider();

    /**
     * The least time between a (re)start and a rescale action the decider promises; zero by default.
     *
     * @return the spacing
     */
    protected Duration minimumSpacing() {
        return Duration.ZERO;
    }

    /**
     * Whether the decider takes {@link RescaleEvent.RequirementsChanged} (Flink's reactive mode and
     * 1.17 reject them); true by default.
     *
     * @return whether the driver sends them
     */
    protected boolean acceptsRequirementChanges() {
        return true;
    }

    /** The whole contract on generated traces. */
    @Test
    public void keepsTheDeciderContract() {
        ContractRunner.assertNone(
                check(this::createDecider, minimumSpacing(), acceptsRequirementChanges(), examples(), 1));
    }

    /**
     * Runs the contract on generated graphs and traces.
     *
     * @param deciders makes a new instance of the decider
     * @param minimumSpacing the spacing it promises
     * @param requirementChanges whether to send requirement changes
     * @param examples how many traces
     * @param seed the generators' seed
     * @return the violations of the first trace that breaks the contract
     */
    public static List<Violation> check(
            Supplier<RescaleDecider> deciders,
            Duration minimumSpacing,
            boolean requirementChanges,
            int examples,
            long seed) {
        RescaleDecider used = deciders.get();
        List<Violation> name = ContractRunner.checkName("rescale decider", firstPart(used.name()));
        if (!name.isEmpty()) {
            return name;
        }
        return ContractRunner.firstFailure(
                SlotwiseGenerators.jobGraphs(GraphShape.SMALL).zip(RescaleGenerators.traces(), Run::new),
                examples,
                seed,
                r -> r.check(used, deciders, minimumSpacing, requirementChanges),
                Run::toString);
    }

    /** A composed decider name ({@code flink-2+keygroup-skip}) is checked part by part: the first here. */
    private static String firstPart(String name) {
        return name == null ? null : name.split("\\+", -1)[0];
    }

    private record Run(JobGraph graph, List<TimedIntent> trace) {
        List<Violation> check(
                RescaleDecider used, Supplier<RescaleDecider> deciders, Duration spacing, boolean requirements) {
            List<Violation> v = new ArrayList<>();
            DeciderState initial = used.initialState(graph);
            if (initial.time().isPresent()
                    || initial.schedulerState() != SchedulerState.CREATED
                    || initial.running().isPresent()) {
                v.add(new Violation(STATE_VIEW, "initial state is not CREATED at no time without a plan: " + initial));
            }
            DecisionTimeline timeline = DeciderDriver.run(used, graph, trace, T0, TAIL, requirements);
            v.addAll(DeciderInvariants.checkTimeOrder(timeline));
            v.addAll(DeciderInvariants.checkPlansFit(timeline));
            v.addAll(DeciderInvariants.checkNoRescaleToRunning(timeline));
            v.addAll(DeciderInvariants.checkSpacing(timeline, spacing));
            if (!DeciderDriver.run(used, graph, trace, T0, TAIL, requirements).equals(timeline)
                    || !DeciderDriver.run(deciders.get(), graph, trace, T0, TAIL, requirements)
                            .equals(timeline)) {
                v.add(new Violation(DETERMINISTIC, "the same trace gave another timeline"));
            }
            v.addAll(replay(used, timeline));
            return v;
        }

        /** Replays the timeline's events one by one, checking the state view and atomicity. */
        private List<Violation> replay(RescaleDecider decider, DecisionTimeline timeline) {
            List<Violation> v = new ArrayList<>();
            DeciderState state = decider.initialState(graph);
            for (DecisionTimeline.Step step : timeline.steps()) {
                Transition t = decider.decide(state, step.event(), step.at());
                Transition again = decider.decide(state, step.event(), step.at());
                if (!Objects.equals(t, again)) {
                    v.add(new Violation(
                            ATOMIC,
                            "deciding " + step.event() + " at " + step.at()
                                    + " twice on the same state gave different transitions"));
                    return v;
                }
                if (state.time().isPresent() && step.at().isAfter(state.time().get())) {
                    Instant before = state.time().get().minusMillis(1);
                    try {
                        decider.decide(state, step.event(), before);
                        v.add(new Violation(
                                ATOMIC,
                                "an event at " + before + ", before the state's time "
                                        + state.time().get() + ", was accepted"));
                    } catch (IllegalArgumentException expected) {
                        if (!decider.decide(state, step.event(), step.at()).equals(t)) {
                            v.add(new Violation(ATOMIC, "a rejected event changed what the state decides"));
                        }
                    }
                }
                DeciderState s = t.state();
                Decision last = t.decision();
                if (!s.time().equals(java.util.Optional.of(step.at()))) {
                    v.add(new Violation(STATE_VIEW, "state time " + s.time() + " after an event at " + step.at()));
                }
                if (s.running().isPresent() != (s.schedulerState() == SchedulerState.EXECUTING)) {
                    v.add(new Violation(STATE_VIEW, "running plan " + s.running() + " in " + s.schedulerState()));
                }
                if (!last.at().equals(step.at())) {
                    v.add(new Violation(
                            STATE_VIEW, "the last decision is at " + last.at() + ", the event at " + step.at()));
                }
                if (!last.wakeUpAt().equals(s.nextWakeUp())) {
                    v.add(new Violation(
                            STATE_VIEW,
                            "the last decision wakes up at " + last.wakeUpAt() + ", the state at " + s.nextWakeUp()));
                }
                if (s.nextWakeUp().isPresent() && s.nextWakeUp().get().isBefore(step.at())) {
                    v.add(new Violation(
                            STATE_VIEW, "wake-up " + s.nextWakeUp().get() + " before the event at " + step.at()));
                }
                if (!v.isEmpty()) {
                    return v;
                }
                state = s;
            }
            return v;
        }

        @Override
        public String toString() {
            return trace.size() + " event(s) on " + graph;
        }
    }
}
