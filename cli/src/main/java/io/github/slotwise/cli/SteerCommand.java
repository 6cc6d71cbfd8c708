package io.github.slotwise.cli;

import io.github.slotwise.flink.client.FlinkRestClient;
import io.github.slotwise.flink.client.FlinkRestException;
import io.github.slotwise.flink.client.ResourceRequirementsClient;
import io.github.slotwise.flink.client.Steerer;
import io.github.slotwise.flink.client.SteeringException;
import io.github.slotwise.flink.client.SteeringStep;
import io.github.slotwise.registry.Policies;
import io.github.slotwise.simulation.format.InputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slotwise steer}: makes a running Flink job's adaptive scheduler follow a Slotwise policy by
 * setting its resource requirements over REST ({@code /jobs/:jobid/resource-requirements}).
 */
@Command(
        name = "steer",
        mixinStandardHelpOptions = true,
        versionProvider = SlotwiseCli.Version.class,
        header = "Steer a running Flink job's adaptive scheduler to a Slotwise policy's plan.",
        description = {
            "Reads the job (GET /jobs/JOBID), its resource requirements and the registered slots (GET"
                    + " /overview slots-total) from Flink's REST API, plans with the policy, and proposes"
                    + " per-vertex bounds with which Flink's own rule lands on that plan. Prints the"
                    + " current bounds, the proposed ones and why, one line per vertex. Lower bounds are"
                    + " never raised (FLINK-34311).",
            "Needs Flink 1.18 or later, jobmanager.scheduler: adaptive, and not Reactive Mode. Do not run it"
                    + " beside another controller of the same job's requirements (e.g. the Kubernetes"
                    + " operator's autoscaler): each would undo the other.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  slotwise steer --rest http://localhost:8081 --job JOBID --policy flink-2+keygroup-aware",
            "  slotwise steer --rest http://localhost:8081 --job JOBID --policy flink-2+keygroup-aware --apply --watch",
            "  slotwise steer --rest http://localhost:8081 --job JOBID --reset",
            "Exit codes: 0 done, 2 bad input, or Flink refused or could not be reached, 3 internal error."
        })
final class SteerCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--rest",
            paramLabel = "URL",
            required = true,
            description = "Flink's REST endpoint, e.g. http://localhost:8081.")
    private String rest;

    @Option(names = "--job", paramLabel = "JOBID", required = true, description = "The job id, 32 hex digits.")
    private String job;

    @Option(
            names = "--policy",
            paramLabel = "NAME",
            defaultValue = "flink-2+keygroup-aware",
            description = "The registered policy whose plan Flink should run, e.g. flink-2+keygroup-aware or"
                    + " flink-2+proportional; default: ${DEFAULT-VALUE}.")
    private String policy;

    @Option(names = "--dry-run", description = "Only print the proposal (the default).")
    private boolean dryRun;

    @Option(names = "--apply", description = "Send the proposed bounds (PUT, every vertex, 409 retried).")
    private boolean apply;

    @Option(
            names = "--watch",
            description = "Repeat whenever the registered slots change, polling every --period; stop with Ctrl-C.")
    private boolean watch;

    @Option(
            names = "--period",
            paramLabel = "DURATION",
            defaultValue = "10s",
            description = "How often --watch polls: e.g. 500ms, 10s, 1m; default ${DEFAULT-VALUE}.")
    private String period;

    @Option(names = "--max-polls", hidden = true, defaultValue = "0", description = "Stop --watch after N polls.")
    private int maxPolls;

    @Option(
            names = "--reset",
            description = "Put back the bounds found before the first --apply (kept in the --state file).")
    private boolean reset;

    @Option(
            names = "--state",
            paramLabel = "FILE",
            description = "Where the bounds found before the first change are kept; default"
                    + " ~/.slotwise/steer/JOBID.json.")
    private Path state;

    @Mixin
    private PluginOptions plugins;

    @Override
    public Integer call() {
        try (Plugins loaded = plugins.load()) {
            return call(loaded);
        }
    }

    private int call(Plugins loaded) {
        if (dryRun && apply) {
            throw new InputException("--dry-run and --apply exclude each other");
        }
        if (reset && (watch || apply || dryRun)) {
            throw new InputException("--reset stands alone: it sends the bounds found before steering");
        }
        Duration every = parsePeriod(period);
        Policies.Policy chosen;
        String jobId;
        Steerer steerer;
        try {
            chosen = loaded.strategies().policy(policy);
            jobId = FlinkRestClient.checkJobId(job);
            FlinkRestClient client = new FlinkRestClient(FlinkRestClient.parseBase(rest));
            steerer = new Steerer(
                    new ResourceRequirementsClient(client),
                    jobId,
                    chosen,
                    state != null ? state : Steerer.defaultStateFile(jobId));
        } catch (IllegalArgumentException e) {
            throw new InputException(InputException.oneLine(e.getMessage()));
        }
        if (maxPolls < 0) {
            throw new InputException("--max-polls " + maxPolls + ": must be >= 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (reset) {
                print(out, steerer.reset());
            } else if (watch) {
                Thread main = Thread.currentThread();
                Thread hook = new Thread(main::interrupt, "slotwise-steer-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    steerer.watch(every, maxPolls, apply, step -> {
                        print(out, step);
                        out.println();
                    });
                } finally {
                    removeHook(hook);
                }
            } else {
                print(out, steerer.step(apply));
            }
        } catch (SteeringException | FlinkRestException e) {
            throw new InputException(InputException.oneLine(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException("interrupted");
        }
        return SlotwiseCli.EXIT_OK;
    }

    private static void print(PrintWriter out, SteeringStep step) {
        step.lines().forEach(out::println);
        out.flush();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook interrupted us
        }
    }

    /** 500ms, 10s, 2m, or an ISO-8601 duration (PT10S); positive. */
    static Duration parsePeriod(String text) {
        String t = text.strip();
        Duration d;
        try {
            if (t.matches("\\d+ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.matches("\\d+s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.matches("\\d+m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                d = Duration.parse(t);
            }
        } catch (RuntimeException e) {
            throw new InputException("--period '" + text + "': not a duration (e.g. 500ms, 10s, 1m)");
        }
        if (d.isNegative() || d.isZero()) {
            throw new InputException("--period '" + text + "': must be positive");
        }
        return d;
    }
}
