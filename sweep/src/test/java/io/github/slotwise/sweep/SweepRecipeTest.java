package io.github.slotwise.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.simulation.Autoscalers;
import io.github.slotwise.simulation.family.Families;
import io.github.slotwise.simulation.family.NamedFamily;
import io.github.slotwise.simulation.format.InputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A recipe travels (Java serialization, as Flink ships it) and rebuilds the same sweep. */
class SweepRecipeTest {
    private static final String FILE = "{\"end\": \"2 h\", \"initialTaskManagers\": 2, \"slotsPerTaskManager\": 2,"
            + " \"inputRate\": {\"type\": \"constant\", \"recordsPerSecond\": 3000},"
            + " \"capacity\": {\"perSubtask\": 1000},"
            + " \"autoscaler\": {\"type\": \"hpa\", \"target\": 0.7, \"maxTaskManagers\": 8},"
            + " \"vary\": {\"seed\": 3, \"losses\": [{\"perDay\": 12}]}}";

    @Test
    void aRecipeWithAFamilyFileSurvivesSerializationAndSweepsTheSameDays() throws Exception {
        byte[] json = FILE.getBytes(StandardCharsets.UTF_8);
        SweepRecipe recipe = new SweepRecipe(
                List.of(SweepRecipe.Family.file("days.json", json, 6), SweepRecipe.Family.builtIn(Families.SPOT_DAY)),
                9L,
                List.of("flink-2", "reactive"),
                List.of("flink-default"),
                2,
                "reactive",
                "flink-default",
                4,
                SweepSpec.MIN_RESAMPLES);
        json[0] = ' '; // the recipe copied the bytes

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(recipe);
        }
        SweepRecipe travelled;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            travelled = (SweepRecipe) in.readObject();
        }

        assertThat(travelled).isEqualTo(recipe);
        SweepSpec spec = travelled.spec();
        NamedFamily file = spec.families().get(0);
        NamedFamily expected = SweepRecipe.Family.load(
                        "days.json", FILE.getBytes(StandardCharsets.UTF_8), 6, Autoscalers.standard())
                .withSeed(9);
        assertThat(file).isEqualTo(expected);
        assertThat(file.description()).isEqualTo("load scenario file, its day varied as its 'vary' says");
        assertThat(spec.families().get(1).name()).isEqualTo(Families.SPOT_DAY);
        assertThat(spec.baselinePolicy()).isEqualTo("reactive");
        assertThat(Sweep.run(spec, 1, Sweep.Listener.NONE)).isEqualTo(Sweep.run(recipe.spec(), 2, Sweep.Listener.NONE));
        assertThat(recipe.families().get(0).json())
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(FILE.getBytes(StandardCharsets.UTF_8)));
        assertThat(recipe.families().get(1).json()).isEmpty();
    }

    @Test
    void badRecipesNameTheFieldAndTheValue() {
        assertThatThrownBy(() -> SweepRecipe.Family.builtIn("family/nope"))
                .hasMessageStartingWith("no built-in family named 'family/nope'");
        assertThatThrownBy(() -> SweepRecipe.Family.file(" ", new byte[0], 1))
                .hasMessage("SweepRecipe.Family.name must be non-blank, got ' '");
        assertThatThrownBy(() -> SweepRecipe.Family.file("a.json", new byte[0], 0))
                .hasMessage("SweepRecipe.Family.parallelism must be >= 1, got 0");
        assertThatThrownBy(() -> new SweepRecipe(
                        List.of(SweepRecipe.Family.file("broken.json", "{".getBytes(StandardCharsets.UTF_8), 6)),
                        null,
                        List.of("flink-2"),
                        List.of("flink-default"),
                        2,
                        "flink-2",
                        "flink-default",
                        0,
                        SweepSpec.DEFAULT_RESAMPLES))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("broken.json");
        assertThatThrownBy(() -> SweepRecipe.of(List.of(Families.SPOT_DAY), List.of("flink-2"), List.of("nope"), 3))
                .hasMessageStartingWith("unknown slot assigner 'nope'; known: ");
    }
}
