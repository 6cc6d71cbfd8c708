package io.github.slotwise.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.registry.Strategies;
import io.github.slotwise.simulation.Autoscaler.ChangeLimit;
import io.github.slotwise.simulation.Autoscaler.Metric;
import io.github.slotwise.simulation.family.Families;
import io.github.slotwise.simulation.family.NamedFamily;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Pins every figure of a set of simulations, bit for bit: the first five days of every built-in
 * family and every built-in scenario, with {@code flink-2} and {@code flink-2+keygroup-aware}, and one
 * spot day under every built-in autoscaler type. Each result is reduced to a SHA-256 of a canonical
 * text of all its fields (every double printed exactly, as {@link Double#toString} round-trips), so
 * that a change to the simulator that moves any figure, however slightly, fails here.
 *
 * <p>The expected digests were recorded from the simulator before its hot loops were rewritten for
 * speed (issue 16); the rewrite must not change a single bit. One deliberate exception: the days of
 * {@code family/spot-day-50gb-local} (the family with state) were recorded again when a restart
 * began to compute what it replays from the records that arrived since the checkpoint, instead of
 * as the difference of two running counts of the whole day (the same quantity, without the
 * cancellation): on 40 days × 3 policies every time, decision and text stayed the same, and no
 * figure moved by more than 1.3e-10 of itself.
 */
class PinnedResultsTest {

    private static final List<String> POLICIES = List.of("flink-2", "flink-2+keygroup-aware");

    /** Digests by simulation, in the order {@link #simulations()} makes them. */
    private static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry(
                    "family/reactive-blog-day#0 flink-2",
                    "8b7e2fdc5908e6db4c39a3b6c2f9b97ceda92b0b434e4a7bc7374c0edcacbcb2"),
            Map.entry(
                    "family/reactive-blog-day#0 flink-2+keygroup-aware",
                    "f1e8225f7430a1674824e569ec22e2b902c429e060f49b65dc2db181a9f48424"),
            Map.entry(
                    "family/reactive-blog-day#1 flink-2",
                    "dec29f13d67afb42d4e2faf6e43de57a4d21c10ea8b7bdd80b8b8970d668e97d"),
            Map.entry(
                    "family/reactive-blog-day#1 flink-2+keygroup-aware",
                    "0d28cd90225c394d08a7efaf955e7c974e20bf3a17e1d3f53385cce77ccfccc9"),
            Map.entry(
                    "family/reactive-blog-day#2 flink-2",
                    "3dbd07fc36640630415166b4f482afee3a9145aea4de201fc5181279eb39a60b"),
            Map.entry(
                    "family/reactive-blog-day#2 flink-2+keygroup-aware",
                    "6f37bb1efd4fdbe05dd5f288610774a3c115faceb96c43fb0df42dce30852a9d"),
            Map.entry(
                    "family/reactive-blog-day#3 flink-2",
                    "0eaf1b439e7ee648b7f9dec20150489e3572dcb002cd9cf52ae24d297654d1e8"),
            Map.entry(
                    "family/reactive-blog-day#3 flink-2+keygroup-aware",
                    "f34d6bf7770177b29b674a27032976e2ece807574775face0481d82927e9520b"),
            Map.entry(
                    "family/reactive-blog-day#4 flink-2",
                    "f008b6983d8035d4cea22bbae8c4badc2673568b5c0f8cd79497a80d50768231"),
            Map.entry(
                    "family/reactive-blog-day#4 flink-2+keygroup-aware",
                    "f4601e88b5228231fcfbcb8c4a567d450be7a6848c418f02f2b2ad23ba2b796a"),
            Map.entry("family/spot-day#0 flink-2", "69c5ebc02164aec7d73066453eba68e4453f608f378052685bcc0bd611b0c51a"),
            Map.entry(
                    "family/spot-day#0 flink-2+keygroup-aware",
                    "cbd1e4fd0ef05c3a39b5cbc5fb27892be4390afe49089379d8441b7e4884bd5e"),
            Map.entry("family/spot-day#1 flink-2", "f2af9c4965ba6950c7fda201f7ed8f22eeac8ce20c5328299505d3139815d7c7"),
            Map.entry(
                    "family/spot-day#1 flink-2+keygroup-aware",
                    "83077bf22ae58bed48050c430fba15e7e15891365f6eb56f931286db367f1900"),
            Map.entry("family/spot-day#2 flink-2", "9a67e458f9f42d353702bd1559bbf33392861ff9e74fb03263aff5865092404a"),
            Map.entry(
                    "family/spot-day#2 flink-2+keygroup-aware",
                    "5e30823cc155095818f4052f4c9cf9335ee218c456d2bab0618733c0c5c8a1cf"),
            Map.entry("family/spot-day#3 flink-2", "3b03aa81b5b0511e226abd1c3c39d0e4ad0e9af6c0410ddd6c8f7ce6f5743a92"),
            Map.entry(
                    "family/spot-day#3 flink-2+keygroup-aware",
                    "8e29a1d7383727f60befb3371b0d9269849d452a6bc596a7eb417d4a9fece265"),
            Map.entry("family/spot-day#4 flink-2", "33c9f2d2487c52bbe63cd58e3644d59cd2ccf891e6735232e1a0f4e72975a154"),
            Map.entry(
                    "family/spot-day#4 flink-2+keygroup-aware",
                    "5119a51632fabb6e6aade995e504c2637e4a3c20fbe4205d97c53bc14098ad1c"),
            Map.entry(
                    "family/spot-day-50gb-local#0 flink-2",
                    "f6a80d6cfcba61754368b576945d87180e483300927d4eb62e308acf0c618385"),
            Map.entry(
                    "family/spot-day-50gb-local#0 flink-2+keygroup-aware",
                    "aeabc554defa57b7941ec626f7e365b1da597445edbbd28fba43c3602c9578b9"),
            Map.entry(
                    "family/spot-day-50gb-local#1 flink-2",
                    "f13aa3d8c48244e2828635c52bc487b07e2dc2913290acb071abaca33cec4a96"),
            Map.entry(
                    "family/spot-day-50gb-local#1 flink-2+keygroup-aware",
                    "75e581eb2a7c61ddf9aaa7d9c79693defb51ce7785687154fa999001d3d91178"),
            Map.entry(
                    "family/spot-day-50gb-local#2 flink-2",
                    "8ebaa4c2b87767e48e08f305ef0e470f44b7169c33dbe30002dec990cdfa2128"),
            Map.entry(
                    "family/spot-day-50gb-local#2 flink-2+keygroup-aware",
                    "d068676f11b7525ac9fb25d02b107ffa41223b4d456b1a448e56868c78ceade0"),
            Map.entry(
                    "family/spot-day-50gb-local#3 flink-2",
                    "d995fb6c7ba19063c9f0bd0cab27023fa54c3983146ac8a5bc4b5efe89437c56"),
            Map.entry(
                    "family/spot-day-50gb-local#3 flink-2+keygroup-aware",
                    "ef739979304608e611ef7d53fee90a2ea158a6b2c0bdb8528b541c28afe82bfc"),
            Map.entry(
                    "family/spot-day-50gb-local#4 flink-2",
                    "80f1c4c32709a433b4a71809c9a6b4d6c7830155d93b567a343eedd176ebe891"),
            Map.entry(
                    "family/spot-day-50gb-local#4 flink-2+keygroup-aware",
                    "f554555a4d9d4efd92df5ddf99ff05631a919adcc62ec779b42836e1f9d8706a"),
            Map.entry("reactive-blog-day flink-2", "bc57b8bd88f312bbc5328e929294cc60209bd9ab3debf15e3273b0a07668eae5"),
            Map.entry(
                    "reactive-blog-day flink-2+keygroup-aware",
                    "daf0271bafed8eb47fb5008e804e02a7ff0adf142e1dca93eec585aaedecdc57"),
            Map.entry("startup-one-by-one flink-2", "eb3f040648f78c370a75e02b889422db4b0ed4a817ddcba3aedaa07d57911c51"),
            Map.entry(
                    "startup-one-by-one flink-2+keygroup-aware",
                    "4a330dac762d358c43b5fce7213d2f42cb77fb6caaff90495542e34cf99295e0"),
            Map.entry("spot-day flink-2", "41741a702f5e1db7e9d4706ef043d91beb360bab2c8d55d607312021d6e2018f"),
            Map.entry(
                    "spot-day flink-2+keygroup-aware",
                    "d11772b995b75ef469cdcc2a92401e5ddaa8064fb036cec3b57abd4ef37075a0"),
            Map.entry(
                    "flapping-autoscaler flink-2", "cbbe577f069bfb74a830cfdc7d8a5fd1d30729c31ccd8895131307574f34679e"),
            Map.entry(
                    "flapping-autoscaler flink-2+keygroup-aware",
                    "d24a842c539708b9c3c285537be51bba9babc6a34ca2942ca5807e178a976fcb"),
            Map.entry(
                    "family/spot-day#1 fixed flink-2",
                    "4a6f498e93b6fd383dffad033afd2bcb72b549b7ca596269869ccacb637a9b4a"),
            Map.entry(
                    "family/spot-day#1 threshold-busy flink-2",
                    "43d3f7641db7c716cf25553156bec27dcd776aa4d5c4f695813d776729bf9bb3"),
            Map.entry(
                    "family/spot-day#1 threshold-lag flink-2",
                    "2e0a24f1476010b155b9c75b7685e9c2c1fb850725f1275e958c8721ed158659"),
            Map.entry(
                    "family/spot-day#1 hpa-limited flink-2",
                    "c064c9722fd7647aca0d46288b3a0694418e214f4dec353160460acb79614a3d"),
            Map.entry(
                    "family/spot-day#1 hpa-busy flink-2",
                    "dbc701f13485e57431e5cdb442dc561b566b6c1b51bb0e4904318369b65affd1"),
            Map.entry(
                    "family/spot-day#1 keda flink-2",
                    "2a9c1ba0c52c873c319174b92b7c5a0308d3f73e988a9048f16b093f8cc0a8aa"),
            Map.entry(
                    "family/spot-day#1 busy-time flink-2",
                    "ce8c18a3087cf8d304921643ac654b7c984b4c7340a803b30374190e7da1f5d2"));

    @Test
    void everyPinnedSimulationGivesTheSameFiguresBitForBit() {
        Map<String, String> actual = new LinkedHashMap<>();
        simulations().forEach((name, result) -> actual.put(name, digest(canonical(result))));
        StringBuilder table = new StringBuilder();
        actual.forEach((k, v) -> table.append("            Map.entry(\"")
                .append(k)
                .append("\", \"")
                .append(v)
                .append("\"),\n"));
        assertThat(actual).as("actual digests:\n%s", table).isEqualTo(EXPECTED);
    }

    @Test
    void theCanonicalTextIsTheSameOnEveryRun() {
        BuiltInScenario s = Scenarios.byName(Scenarios.SPOT_DAY);
        SimulationResult a = run(s.graph(), s.load(), "flink-2");
        SimulationResult b = run(s.graph(), s.load(), "flink-2");
        assertThat(canonical(a)).isEqualTo(canonical(b)).doesNotContain("@");
    }

    /** Every pinned simulation, by a name that says what it is. */
    static Map<String, SimulationResult> simulations() {
        Map<String, SimulationResult> all = new LinkedHashMap<>();
        for (NamedFamily f : Families.all()) {
            for (int k = 0; k < 5; k++) {
                LoadScenario day = f.family().sample(k);
                for (String policy : POLICIES) {
                    all.put(f.name() + "#" + k + " " + policy, run(f.graph(), day, policy));
                }
            }
        }
        for (BuiltInScenario s : Scenarios.all()) {
            for (String policy : POLICIES) {
                all.put(s.name() + " " + policy, run(s.graph(), s.load(), policy));
            }
        }
        NamedFamily spot = Families.byName(Families.SPOT_DAY);
        LoadScenario day = spot.family().sample(1);
        Map<String, Autoscaler> autoscalers = new LinkedHashMap<>();
        autoscalers.put("fixed", Autoscaler.fixed(6));
        autoscalers.put("threshold-busy", Autoscaler.threshold(Metric.BUSY, 0.8, 0.3, 1, Duration.ofMinutes(2), 2, 15));
        autoscalers.put(
                "threshold-lag", Autoscaler.threshold(Metric.LAG, 50_000, 1_000, 2, Duration.ofSeconds(30), 1, 15));
        autoscalers.put(
                "hpa-limited",
                Autoscaler.hpa(0.7, 2, 15)
                        .withStabilization(Duration.ofSeconds(30), Duration.ofMinutes(5))
                        .withLimits(
                                Optional.of(new ChangeLimit(2, Duration.ofMinutes(1))),
                                Optional.of(new ChangeLimit(1, Duration.ofMinutes(2)))));
        autoscalers.put("hpa-busy", Autoscaler.hpa(0.7, 2, 15).withMetric(Metric.BUSY, 0.6));
        autoscalers.put(
                "keda",
                new Autoscaler.KedaLag(
                        20_000, 100, Optional.of(12), Duration.ofMinutes(5), 0, 15, Duration.ofSeconds(30)));
        autoscalers.put("busy-time", Autoscaler.BusyTime.withDefaults(1, 15));
        for (Map.Entry<String, Autoscaler> a : autoscalers.entrySet()) {
            LoadScenario varied =
                    LoadScenario.builder().from(day).autoscaler(a.getValue()).build();
            all.put(spot.name() + "#1 " + a.getKey() + " flink-2", run(spot.graph(), varied, "flink-2"));
        }
        return all;
    }

    private static SimulationResult run(JobGraph graph, LoadScenario load, String policy) {
        return new Simulator()
                .run(graph, load, Strategies.standard().policy(policy).decider(), SimulationConfig.defaults());
    }

    /** Every field of a result, doubles exactly. */
    static String canonical(SimulationResult r) {
        StringBuilder b = new StringBuilder(r.deciderName()).append('\n');
        for (TimelineEntry e : r.timeline()) {
            b.append(e.time())
                    .append('|')
                    .append(e.cause())
                    .append('|')
                    .append(e.availableSlots())
                    .append('|')
                    .append(e.running())
                    .append('|')
                    .append(e.decision())
                    .append('|')
                    .append(e.keyGroupsMoved())
                    .append('\n');
        }
        b.append(r.summary()).append('\n');
        r.load().ifPresent(l -> {
            for (LoadFigures.Sample s : l.samples()) {
                b.append(s).append('\n');
            }
            b.append(l.peakBacklog())
                    .append('|')
                    .append(l.peakBacklogAt())
                    .append('|')
                    .append(l.lagSeconds())
                    .append('|')
                    .append(l.finalBacklog())
                    .append('|')
                    .append(l.taskManagerHours())
                    .append('|')
                    .append(l.peakTaskManagers())
                    .append('|')
                    .append(l.scaleUps())
                    .append('|')
                    .append(l.scaleDowns())
                    .append('|')
                    .append(l.replayedRecords())
                    .append('|')
                    .append(l.bottleneck())
                    .append('\n');
        });
        return b.toString();
    }

    private static String digest(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
