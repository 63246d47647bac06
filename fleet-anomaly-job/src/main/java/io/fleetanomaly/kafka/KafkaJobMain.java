package io.fleetanomaly.kafka;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.config.ConfigException;
import io.fleetanomaly.config.JobConfigLoader;
import io.fleetanomaly.job.CheckpointSettings;
import io.fleetanomaly.job.JobSettings;
import java.util.Locale;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry class of the job jar ({@code fleet-anomaly-job.jar}, its manifest's Main-Class):
 *
 * <pre>
 * flink run [-p N] [-s SAVEPOINT] fleet-anomaly-job.jar --config conf/kafka.yaml [--bundle DIR|URI|classpath:bundles/NAME]
 * </pre>
 *
 * Builds the Kafka job of the configuration ({@code input: kafka}) and runs it until it is
 * stopped: events from Kafka, alerts to Kafka exactly-once, dead letters to their topic.
 * Parallelism: {@code flink run -p}, else the cluster's {@code parallelism.default}, unless the
 * configuration sets {@code job.parallelism}. The configuration and the bundle are read here, in
 * the client ({@code flink run}) or in the JobManager (application mode), and travel with the job
 * graph: the TaskManagers need neither file.
 */
public final class KafkaJobMain {
    public static final String JOB_NAME = "fleet-anomaly";

    private KafkaJobMain() {}

    public static void main(String[] args) throws Exception {
        JobArguments arguments;
        try {
            arguments = JobArguments.parse(args);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + JobArguments.USAGE, e);
        }
        if (arguments.help()) {
            System.out.println(JobArguments.USAGE);
            return;
        }
        JobConfigLoader loader = JobConfigLoader.load(arguments.config());
        if (arguments.bundle() != null) {
            loader.config().model.bundle = BundleLocation.toLoadable(arguments.bundle());
        }
        run(loader);
    }

    /** Builds the Kafka job of a configuration and executes it (on the cluster of the context, or embedded). */
    public static JobExecutionResult run(JobConfigLoader loader) throws Exception {
        return run(loader, new Configuration());
    }

    /**
     * Like {@link #run(JobConfigLoader)}, with {@code options} added to the Flink configuration (an
     * embedded run's metric reporter, for instance; a cluster's own configuration decides for it).
     */
    public static JobExecutionResult run(JobConfigLoader loader, Configuration options) throws Exception {
        if (!loader.readsKafka()) {
            throw new ConfigException("configuration " + loader.source() + ": input must be 'kafka' for the job jar"
                    + " (the simulator input is the embedded run's: jobs/run-embedded)");
        }
        ModelBundle bundle = loader.bundle();
        JobSettings settings = loader.jobSettings(false);
        KafkaSettings kafka = loader.kafkaSettings();
        CheckpointSettings checkpoints = loader.checkpointSettings();
        // the whole configuration is checked above, before the first connection to a broker
        KafkaPreflight.check(kafka);
        Configuration conf = new Configuration();
        conf.addAll(options);
        checkpoints.applyTo(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        warnWhenConfigOverridesFlinkParallelism(env, settings, loader.source());
        KafkaJob.attach(env, bundle, settings, kafka, loader.bundleOverrides());
        System.err.printf(Locale.ROOT, "fleet-anomaly: %s -> alerts %s, dead letters %s; model %s; parallelism %d (max %d)%s%n",
                kafka.eventsTopic(), kafka.alertsTopic(), kafka.deadLettersTopic(), bundle.version(),
                env.getParallelism(), env.getMaxParallelism(), kafka.controlTopic() == null ? ""
                        : "; control " + kafka.controlTopic() + (kafka.controlResultsTopic() == null ? ""
                                : " -> results " + kafka.controlResultsTopic()));
        return env.execute(JOB_NAME);
    }

    private static void warnWhenConfigOverridesFlinkParallelism(StreamExecutionEnvironment env, JobSettings settings,
            String source) {
        int flink = env.getConfiguration().getOptional(CoreOptions.DEFAULT_PARALLELISM).orElse(-1);
        if (settings.parallelism() != JobSettings.FLINK_PARALLELISM && flink > 0 && flink != settings.parallelism()) {
            System.err.printf(Locale.ROOT, "fleet-anomaly: job.parallelism %d of %s overrides Flink's parallelism %d"
                    + " (flink run -p or parallelism.default); remove job.parallelism to let -p decide%n",
                    settings.parallelism(), source, flink);
        }
    }
}
