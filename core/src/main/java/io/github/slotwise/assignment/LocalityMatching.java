package io.github.slotwise.assignment;

import java.util.Arrays;

/**
 * A maximum-weight matching of a {@link LocalityGraph}: which groups keep which slots so that the
 * summed locality score is as high as possible.
 *
 * <p>The graph is split into connected components. One vertex's overlaps form a staircase (its
 * swept pairs never cross), so a component is usually a path, or a tree when vertices of one
 * slot-sharing group share slots; those are solved exactly by a linear dynamic program. A component
 * with a cycle (vertices of different parallelism sharing slots) is solved exactly by successive
 * shortest augmenting paths: its groups are added one at a time and each takes the best alternating
 * path (Dijkstra over reduced costs with node potentials, stopped as soon as the best end is known),
 * which ends at a free slot or at a group on the path that gives its slot up, or stays unmatched
 * when no path gains anything.
 *
 * <p>Ties are broken by the visiting order, never by hashing: components by their first group, the
 * dynamic program rooted at that group, neighbours in group or pool order, and a pair is kept rather
 * than dropped when both score the same.
 *
 * <p>Time: {@code O(V + E)} for forests; {@code O(k (V_c + E_c) log V_c)} at worst for a cyclic
 * component with {@code k} groups, usually far less because each search stops early. Scores are
 * summed in {@code long}, as Flink sums them.
 */
final class LocalityMatching {
    private static final long INFINITY = Long.MAX_VALUE;

    private final LocalityGraph graph;
    private final int groupCount;
    private final int[] slotStart;
    private final int[] slotEdges;

    /** Group position to its matched edge, or -1. */
    private final int[] matchOfGroup;
    /** Slot position to its matched edge, or -1. */
    private final int[] matchOfSlot;

    private int treeComponents;
    private int cyclicComponents;

    private LocalityMatching(LocalityGraph graph) {
        this.graph = graph;
        this.groupCount = graph.groupCount;
        this.slotStart = new int[graph.slotCount + 1];
        this.slotEdges = graph.edgesBySlot(slotStart);
        this.matchOfGroup = new int[graph.groupCount];
        this.matchOfSlot = new int[graph.slotCount];
        Arrays.fill(matchOfGroup, -1);
        Arrays.fill(matchOfSlot, -1);
    }

    /** The result: the matched edge of every group and component counts for the explanation. */
    record Result(int[] matchOfGroup, int treeComponents, int cyclicComponents) {}

    /** Computes a maximum-weight matching. */
    static Result solve(LocalityGraph graph) {
        LocalityMatching m = new LocalityMatching(graph);
        m.run();
        return new Result(m.matchOfGroup, m.treeComponents, m.cyclicComponents);
    }

    // Nodes: group g is node g, slot s is node groupCount + s.

    private int degree(int node) {
        return node < groupCount
                ? graph.groupStart[node + 1] - graph.groupStart[node]
                : slotStart[node - groupCount + 1] - slotStart[node - groupCount];
    }

    private int edgeAt(int node, int k) {
        return node < groupCount ? graph.groupStart[node] + k : slotEdges[slotStart[node - groupCount] + k];
    }

    private int otherEnd(int node, int edge) {
        return node < groupCount ? groupCount + graph.slot[edge] : graph.group[edge];
    }

    private void run() {
        int nodes = groupCount + graph.slotCount;
        boolean[] seen = new boolean[nodes];
        int[] order = new int[nodes];
        int[] parentEdge = new int[nodes];
        boolean[] cyclicGroup = new boolean[groupCount];
        long[] free = new long[nodes];
        long[] best = new long[nodes];
        int[] choice = new int[nodes];
        boolean anyCyclic = false;
        for (int root = 0; root < groupCount; root++) {
            if (seen[root] || degree(root) == 0) {
                continue;
            }
            // Breadth-first over the component; count its nodes and edges.
            int size = 0;
            int head = 0;
            long edges = 0;
            order[size++] = root;
            seen[root] = true;
            parentEdge[root] = -1;
            while (head < size) {
                int u = order[head++];
                int deg = degree(u);
                if (u < groupCount) {
                    edges += deg; // every edge has exactly one group end
                }
                for (int k = 0; k < deg; k++) {
                    int e = edgeAt(u, k);
                    int v = otherEnd(u, e);
                    if (!seen[v]) {
                        seen[v] = true;
                        parentEdge[v] = e;
                        order[size++] = v;
                    }
                }
            }
            if (edges == size - 1) {
                treeComponents++;
                solveTree(order, size, parentEdge, free, best, choice);
            } else {
                cyclicComponents++;
                anyCyclic = true;
                for (int k = 0; k < size; k++) {
                    if (order[k] < groupCount) {
                        cyclicGroup[order[k]] = true;
                    }
                }
            }
        }
        if (anyCyclic) {
            new Augmenter().run(cyclicGroup);
        }
    }

    /**
     * Maximum-weight matching of a tree given in breadth-first order: children before parents, each
     * node's {@code free} value is the best of its subtree with the node left unmatched and {@code
     * best} the best with the node free to match a child.
     */
    private void solveTree(int[] order, int size, int[] parentEdge, long[] free, long[] best, int[] choice) {
        for (int k = size - 1; k >= 0; k--) {
            int u = order[k];
            long sum = 0;
            int deg = degree(u);
            for (int i = 0; i < deg; i++) {
                int e = edgeAt(u, i);
                if (e != parentEdge[u]) {
                    sum += best[otherEnd(u, e)];
                }
            }
            free[u] = sum;
            long bestMatch = Long.MIN_VALUE;
            int bestEdge = -1;
            for (int i = 0; i < deg; i++) {
                int e = edgeAt(u, i);
                if (e == parentEdge[u]) {
                    continue;
                }
                int c = otherEnd(u, e);
                long candidate = sum - best[c] + free[c] + graph.score[e];
                if (candidate > bestMatch) { // the first of equal candidates wins
                    bestMatch = candidate;
                    bestEdge = e;
                }
            }
            if (bestEdge >= 0 && bestMatch >= sum) { // on a tie, keep the pair
                best[u] = bestMatch;
                choice[u] = bestEdge;
            } else {
                best[u] = sum;
                choice[u] = -1;
            }
        }
        // Top-down: a node matched to its parent is "taken"; any other node uses its choice.
        for (int k = 0; k < size; k++) {
            int u = order[k];
            int pe = parentEdge[u];
            boolean taken = pe >= 0 && (pe == matchOfGroup(u) || pe == matchOfSlotNode(u));
            if (taken) {
                continue;
            }
            int e = choice[u];
            if (e >= 0) {
                matchOfGroup[graph.group[e]] = e;
                matchOfSlot[graph.slot[e]] = e;
            }
        }
    }

    private int matchOfGroup(int node) {
        return node < groupCount ? matchOfGroup[node] : -1;
    }

    private int matchOfSlotNode(int node) {
        return node >= groupCount ? matchOfSlot[node - groupCount] : -1;
    }

    /**
     * Successive shortest augmenting paths over the cyclic components, as a min-cost assignment of
     * each group either to a slot (cost {@code -score}) or to a private "stay unmatched" option (cost
     * 0). Node potentials keep every reduced cost non-negative, so each search is a Dijkstra; all
     * free slots keep potential 0, like the private options, so the first free slot or option the
     * search settles is the cheapest end. A group that settles for its private option is never
     * reached again (no other group can take that option), which is why it stays unmatched for good.
     */
    private final class Augmenter {
        private final long[] groupPotential = new long[groupCount];
        private final long[] slotPotential = new long[graph.slotCount];
        private final long[] dist = new long[graph.slotCount];
        private final int[] reachedFrom = new int[graph.slotCount]; // edge into the slot
        private final boolean[] settled = new boolean[graph.slotCount];
        private final int[] touched = new int[graph.slotCount];
        private final int[] settledSlots = new int[graph.slotCount];
        private int touchedCount;
        private final Heap heap = new Heap();

        Augmenter() {
            Arrays.fill(dist, INFINITY);
        }

        void run(boolean[] cyclicGroup) {
            for (int g = 0; g < groupCount; g++) {
                if (cyclicGroup[g]) {
                    augmentFrom(g);
                }
            }
        }

        private long reduced(int g, int e) {
            return -graph.score[e] + groupPotential[g] - slotPotential[graph.slot[e]];
        }

        private void relax(int g, int e, long base) {
            int s = graph.slot[e];
            if (settled[s]) {
                return;
            }
            long d = base + reduced(g, e);
            if (d < dist[s]) {
                if (dist[s] == INFINITY) {
                    touched[touchedCount++] = s;
                }
                dist[s] = d;
                reachedFrom[s] = e;
                heap.push(d, s);
            }
        }

        /**
         * Adds group {@code f}: one Dijkstra over slots from {@code f}. A search ends at the first
         * settled "end": a free slot, or the stay-unmatched option of a group on the way ({@code
         * slotCount + g} in the heap, after slots on equal distance), which frees that group's
         * slot for the group before it on the path. Ending at {@code f}'s own option changes nothing.
         */
        private void augmentFrom(int f) {
            int slots = graph.slotCount;
            // The new group's potential makes all its arcs non-negative, the stay-unmatched one too.
            long potential = 0;
            for (int e = graph.groupStart[f]; e < graph.groupStart[f + 1]; e++) {
                potential = Math.max(potential, slotPotential[graph.slot[e]] + graph.score[e]);
            }
            groupPotential[f] = potential;
            heap.push(potential, slots + f); // staying unmatched: true cost 0
            for (int e = graph.groupStart[f]; e < graph.groupStart[f + 1]; e++) {
                relax(f, e, 0);
            }
            int end = -1;
            long endDist = 0;
            int settledCount = 0;
            while (!heap.isEmpty()) {
                long d = heap.topKey();
                int x = heap.topValue();
                heap.pop();
                if (x >= slots) {
                    end = x; // a group's stay-unmatched option
                    endDist = d;
                    break;
                }
                if (settled[x] || d != dist[x]) {
                    continue; // stale entry
                }
                settled[x] = true;
                settledSlots[settledCount++] = x;
                if (matchOfSlot[x] < 0) {
                    end = x;
                    endDist = d;
                    break;
                }
                int g = graph.group[matchOfSlot[x]]; // the matched arc back to g has reduced cost 0
                for (int e = graph.groupStart[g]; e < graph.groupStart[g + 1]; e++) {
                    if (e != matchOfSlot[x]) {
                        relax(g, e, d);
                    }
                }
                heap.push(d + groupPotential[g], slots + g); // g lets its slot go
            }
            if (end != slots + f) {
                // Potentials: every settled node moves by (its distance - endDist) <= 0.
                groupPotential[f] -= endDist;
                for (int k = 0; k < settledCount; k++) {
                    int s = settledSlots[k];
                    long delta = dist[s] - endDist;
                    slotPotential[s] += delta;
                    if (s != end) {
                        groupPotential[graph.group[matchOfSlot[s]]] += delta;
                    }
                }
                // Flip the path back to f: each slot takes the edge it was reached by.
                int s;
                if (end >= slots) {
                    int leaving = end - slots;
                    s = graph.slot[matchOfGroup[leaving]];
                    matchOfGroup[leaving] = -1;
                } else {
                    s = end;
                }
                while (true) {
                    int e = reachedFrom[s];
                    int g = graph.group[e];
                    int previous = matchOfGroup[g];
                    matchOfGroup[g] = e;
                    matchOfSlot[s] = e;
                    if (g == f) {
                        break;
                    }
                    s = graph.slot[previous];
                }
            }
            // Reset the search state.
            for (int k = 0; k < touchedCount; k++) {
                int s = touched[k];
                dist[s] = INFINITY;
                settled[s] = false;
            }
            touchedCount = 0;
            heap.clear();
        }
    }

    /** A binary min-heap of (long key, int value), ties by smaller value; lazy deletion by the caller. */
    private static final class Heap {
        private long[] keys = new long[16];
        private int[] values = new int[16];
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        long topKey() {
            return keys[0];
        }

        int topValue() {
            return values[0];
        }

        void clear() {
            size = 0;
        }

        void push(long key, int value) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!less(key, value, keys[parent], values[parent])) {
                    break;
                }
                keys[i] = keys[parent];
                values[i] = values[parent];
                i = parent;
            }
            keys[i] = key;
            values[i] = value;
        }

        void pop() {
            long key = keys[--size];
            int value = values[size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && less(keys[child + 1], values[child + 1], keys[child], values[child])) {
                    child++;
                }
                if (!less(keys[child], values[child], key, value)) {
                    break;
                }
                keys[i] = keys[child];
                values[i] = values[child];
                i = child;
            }
            keys[i] = key;
            values[i] = value;
        }

        private static boolean less(long k1, int v1, long k2, int v2) {
            return k1 < k2 || (k1 == k2 && v1 < v2);
        }
    }
}
