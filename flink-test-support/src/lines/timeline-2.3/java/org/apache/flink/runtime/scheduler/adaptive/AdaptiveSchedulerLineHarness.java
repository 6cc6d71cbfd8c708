package org.apache.flink.runtime.scheduler.adaptive;

import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.scheduler.VertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator;
import org.apache.flink.runtime.scheduler.adaptive.timeline.Durable;
import org.apache.flink.runtime.scheduler.adaptive.timeline.RescaleTimeline;

/**
 * {@link AdaptiveSchedulerHarness} for the 2.x lines with a rescale timeline (FLIP-495, 2.3): the
 * Context and State methods it adds, which feed only the rescale history: the current state, and
 * no-ops.
 *
 * <p>Version-specific test support (flink-test-support/src/lines/timeline-2.3): compiled by the
 * modules that test Flink 2.3.
 */
final class AdaptiveSchedulerLineHarness extends AdaptiveSchedulerHarness {
    AdaptiveSchedulerLineHarness(
            ManualMainThread mainThread,
            Settings settings,
            JobGraph jobGraph,
            VertexParallelismStore store,
            SlotSharingSlotAllocator slotAllocator) {
        super(mainThread, settings, jobGraph, store, slotAllocator);
    }

    @Override
    public State getState() {
        return state();
    }

    @Override
    public RescaleTimeline getRescaleTimeline() {
        return RescaleTimeline.NoOpRescaleTimeline.INSTANCE;
    }

    @Override
    Marker marker(String name) {
        return new Marker(name) {
            private final Durable durable = new Durable();

            @Override
            public Durable getDurable() {
                return durable;
            }

            @Override
            public JobID getJobId() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
