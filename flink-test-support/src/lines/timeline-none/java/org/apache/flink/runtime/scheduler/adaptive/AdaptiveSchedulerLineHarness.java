package org.apache.flink.runtime.scheduler.adaptive;

import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.scheduler.VertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator;

/**
 * {@link AdaptiveSchedulerHarness} for the 2.x lines without a rescale timeline (2.0 to 2.2): nothing
 * to add but the marker states.
 *
 * <p>Version-specific test support (flink-test-support/src/lines/timeline-none): compiled by the
 * version matrix's 2.0, 2.1 and 2.2 modules.
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
    Marker marker(String name) {
        return new Marker(name) {
            @Override
            public JobID getJobId() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
