/**
 * The thin layer between Apache Flink 2.3's adaptive scheduler and Slotwise: converters from Flink's
 * scheduler types to the Slotwise model and back, the mapping of Flink's slot-assignment options to
 * a Slotwise assigner, and {@link io.github.slotwise.flink.SlotwiseSlotAllocator}, a Flink {@code
 * SlotAllocator} whose decisions Slotwise makes.
 *
 * <p>No algorithm lives here: every decision is made by {@code io.github.slotwise.parallelism} and
 * {@code io.github.slotwise.assignment}. Ids carry over as text: a vertex is its {@code JobVertexID}
 * in hex, a slot-sharing group its {@code SlotSharingGroupId} in hex, a co-location group its id in
 * hex, a slot its {@code AllocationID} in hex and a TaskManager its {@code ResourceID} string (see
 * {@link io.github.slotwise.flink.FlinkIds}).
 *
 * <p>Order: Flink iterates slot-sharing groups and free slots in hash orders of random ids, which
 * Slotwise takes as input. The converters keep the order of the collections they are given and let
 * the caller state it explicitly; {@link io.github.slotwise.flink.FlinkJobGraphs} can also read the
 * exact orders Flink's allocator uses for a given {@code JobInformation}.
 *
 * <p>flink-runtime is a {@code provided} dependency: bring your own Flink 2.3.
 */
package io.github.slotwise.flink;
