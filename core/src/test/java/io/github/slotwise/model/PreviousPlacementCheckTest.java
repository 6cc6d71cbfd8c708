package io.github.slotwise.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link PreviousPlacement}'s check decides with bit sets first and explains with its sets of ids
 * only when something is wrong: on random placements, valid and broken in every way it checks, in
 * any order or grouped by slot as an assignment lists them (the order its fast path is for), it
 * accepts exactly what the straightforward check below accepts, and rejects the rest with that
 * check's message; what it accepts, it groups by vertex as sorting each vertex's placements does.
 */
class PreviousPlacementCheckTest {

    @Test
    void itAcceptsAndRejectsExactlyAsTheStraightforwardCheck() {
        SplittableRandom random = new SplittableRandom(16);
        int accepted = 0;
        int rejected = 0;
        for (int c = 0; c < 6000; c++) {
            List<SubtaskPlacement> placements = randomPlacements(random);
            String expected = straightforward(placements);
            String actual;
            try {
                PreviousPlacement built =
                        PreviousPlacement.builder().addAllPlacements(placements).build();
                actual = null;
                assertThat(built.byVertex()).as("case %d: %s", c, placements).isEqualTo(byVertex(placements));
                assertThat(List.copyOf(built.byVertex().keySet()))
                        .isEqualTo(List.copyOf(byVertex(placements).keySet()));
            } catch (IllegalArgumentException e) {
                actual = e.getMessage();
            }
            assertThat(actual).as("case %d: %s", c, placements).isEqualTo(expected);
            if (expected == null) {
                accepted++;
            } else {
                rejected++;
            }
        }
        assertThat(accepted).isGreaterThan(500);
        assertThat(rejected).isGreaterThan(500);
    }

    /** Placements of up to 4 vertices, valid, then perhaps broken. */
    private static List<SubtaskPlacement> randomPlacements(SplittableRandom random) {
        List<SubtaskPlacement> all = new ArrayList<>();
        int vertices = random.nextInt(0, 5);
        int slots = random.nextInt(1, 12);
        for (int v = 0; v < vertices; v++) {
            int p = random.nextInt(1, slots + 1);
            List<Integer> free = new ArrayList<>();
            for (int s = 0; s < slots; s++) {
                free.add(s);
            }
            for (int i = 0; i < p; i++) {
                int slot = free.remove(random.nextInt(free.size()));
                long bytes = random.nextInt(4) == 0 ? Long.MAX_VALUE / 3 : random.nextLong(0, 1_000_000);
                all.add(SubtaskPlacement.of("v" + v, i, "s" + slot, bytes));
            }
        }
        // shuffle
        for (int i = all.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            SubtaskPlacement t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        if (random.nextBoolean()) {
            // as an assignment lists them: each slot's placements in a row, sharing the slot's and the
            // vertex's id instances
            Map<String, String> instances = new HashMap<>();
            List<SubtaskPlacement> grouped = new ArrayList<>();
            for (SubtaskPlacement p : all) {
                String slot = instances.computeIfAbsent(p.slotId(), id -> id);
                String vertex =
                        instances.computeIfAbsent("vertex " + p.subtask().vertexId(), id -> id.substring(7));
                grouped.add(new SubtaskPlacement(
                        new SubtaskId(vertex, p.subtask().subtaskIndex()), slot, p.stateSizeBytes()));
            }
            grouped.sort(Comparator.comparing(SubtaskPlacement::slotId));
            all = grouped;
        }
        int faults = random.nextInt(3) == 0 ? 0 : random.nextInt(1, 3);
        for (int f = 0; f < faults && !all.isEmpty(); f++) {
            int i = random.nextInt(all.size());
            SubtaskPlacement p = all.get(i);
            switch (random.nextInt(5)) {
                case 0 -> all.add(random.nextInt(all.size() + 1), p); // placed twice
                case 1 -> all.set(
                        i,
                        SubtaskPlacement.of(
                                p.subtask().vertexId(),
                                p.subtask().subtaskIndex(),
                                "s" + random.nextInt(slots),
                                p.stateSizeBytes())); // perhaps two of a vertex in one slot
                case 2 -> all.set(
                        i,
                        SubtaskPlacement.of(
                                p.subtask().vertexId(),
                                random.nextInt(0, 3) == 0 ? 1_000_000 : random.nextInt(0, slots + 2),
                                p.slotId(),
                                p.stateSizeBytes())); // an index out of place
                case 3 -> all.remove(i); // a gap in the indexes, perhaps
                default -> {
                    // into the slot of another subtask of its vertex, right after it (the same slot
                    // instance, in the same run of the slot's placements)
                    int j = random.nextInt(all.size());
                    if (j != i
                            && all.get(j)
                                    .subtask()
                                    .vertexId()
                                    .equals(p.subtask().vertexId())) {
                        SubtaskPlacement moved =
                                new SubtaskPlacement(p.subtask(), all.get(j).slotId(), p.stateSizeBytes());
                        all.remove(i);
                        all.add(j < i ? j + 1 : j, moved);
                    }
                }
            }
        }
        return all;
    }

    /** The placements per vertex, in first-appearance order, each sorted by subtask index. */
    private static Map<String, List<SubtaskPlacement>> byVertex(List<SubtaskPlacement> placements) {
        Map<String, List<SubtaskPlacement>> grouped = new LinkedHashMap<>();
        for (SubtaskPlacement p : placements) {
            grouped.computeIfAbsent(p.subtask().vertexId(), k -> new ArrayList<>())
                    .add(p);
        }
        grouped.values()
                .forEach(list ->
                        list.sort(Comparator.comparingInt(p -> p.subtask().subtaskIndex())));
        return grouped;
    }

    /** The check as it was written first: null if it passes, else its message. */
    private static String straightforward(List<SubtaskPlacement> placements) {
        Set<SubtaskId> seen = new HashSet<>();
        Set<List<String>> vertexInSlot = new HashSet<>();
        Map<String, Integer> maxIndex = new LinkedHashMap<>();
        long stateBytes = 0;
        for (SubtaskPlacement p : placements) {
            try {
                stateBytes = Math.addExact(stateBytes, p.stateSizeBytes());
            } catch (ArithmeticException e) {
                return "previous placement: the stateSizeBytes sum to more than " + Long.MAX_VALUE + " bytes (at "
                        + p.subtask() + ", " + p.stateSizeBytes() + " bytes)";
            }
            if (!seen.add(p.subtask())) {
                return "subtask " + p.subtask() + " is placed twice";
            }
            if (!vertexInSlot.add(List.of(p.slotId(), p.subtask().vertexId()))) {
                return "slot '" + p.slotId() + "' ran two subtasks of vertex '"
                        + p.subtask().vertexId() + "' (" + p.subtask() + " is the second)";
            }
            maxIndex.merge(p.subtask().vertexId(), p.subtask().subtaskIndex(), Math::max);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        seen.forEach(s -> counts.merge(s.vertexId(), 1, Integer::sum));
        for (Map.Entry<String, Integer> e : maxIndex.entrySet()) {
            int count = counts.get(e.getKey());
            if (e.getValue() != count - 1) {
                return "previous placement of vertex '" + e.getKey() + "' has " + count + " subtasks but index "
                        + e.getValue() + ": indexes must be 0.." + (count - 1);
            }
        }
        return null;
    }
}
