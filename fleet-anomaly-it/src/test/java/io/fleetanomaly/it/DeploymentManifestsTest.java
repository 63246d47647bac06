package io.fleetanomaly.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fleetanomaly.config.JobConfigLoader;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.apache.flink.annotation.docs.Documentation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.state.rocksdb.RocksDBNativeMetricOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment files, checked offline (no Kubernetes cluster or Docker engine here): the
 * FlinkDeployment validates against the Flink Kubernetes Operator's own CRD schema
 * (flink-kubernetes-operator-api 1.10.0), read strictly (an unknown field is an error, as with
 * {@code kubectl apply --validate=strict}); every Flink setting in the manifests and in
 * conf/flink-cluster.yaml is a real Flink option; the ConfigMap holds a job configuration the job
 * accepts; names and paths that refer to each other match.
 */
class DeploymentManifestsTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String CRD = "META-INF/fabric8/flinkdeployments.flink.apache.org-v1beta1.yml";
    /**
     * Operator 1.10's CRD predates Flink 2 and stops at v1_20; operators from 1.11 add v2_0 for
     * Flink 2.x, which the manifest declares. The only change made to the shipped schema.
     */
    static final String FLINK_2 = "v2_0";

    static Path root;
    static Set<String> flinkKeys;
    static List<Pattern> flinkKeyPatterns;

    @BeforeAll
    static void readFlinkOptions() throws Exception {
        root = Path.of(System.getProperty("fleetAnomaly.projectRoot", "..")).toAbsolutePath().normalize();
        flinkKeys = new HashSet<>();
        flinkKeyPatterns = new ArrayList<>();
        // Every *Options class of the Flink jars the job runs with (core, runtime, RocksDB, Prometheus).
        for (Class<?> anchor : List.of(CoreOptions.class, org.apache.flink.runtime.shuffle.ShuffleServiceOptions.class,
                RocksDBNativeMetricOptions.class)) {
            Path jar = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (JarFile file = new JarFile(jar.toFile())) {
                for (String name : file.stream().map(e -> e.getName())
                        .filter(n -> n.startsWith("org/apache/flink/") && n.endsWith("Options.class") && !n.contains("$")).toList()) {
                    collectOptions(Class.forName(name.replace('/', '.').replace(".class", ""), false,
                            DeploymentManifestsTest.class.getClassLoader()));
                }
            }
        }
        // The Prometheus reporter reads its own parameters (metrics.reporter.<name>.port) as ARG_* constants.
        for (Field field : PrometheusReporterFactory.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().startsWith("ARG_")) {
                field.setAccessible(true);
                flinkKeyPatterns.add(Pattern.compile("metrics\\.reporter\\.[^.]+\\." + Pattern.quote((String) field.get(null))));
            }
        }
        assertThat(flinkKeys).as("Flink options found").contains("taskmanager.numberOfTaskSlots", "state.backend.type");
    }

    private static void collectOptions(Class<?> options) throws IllegalAccessException {
        Documentation.SuffixOption classSuffix = options.getAnnotation(Documentation.SuffixOption.class);
        for (Field field : options.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || !ConfigOption.class.isAssignableFrom(field.getType())) {
                continue;
            }
            ConfigOption<?> option = (ConfigOption<?>) field.get(null);
            Documentation.SuffixOption suffix = field.getAnnotation(Documentation.SuffixOption.class);
            String prefix = suffix != null ? suffix.value() : classSuffix != null ? classSuffix.value() : null;
            List<String> keys = new ArrayList<>(List.of(option.key()));
            for (FallbackKey fallback : option.fallbackKeys()) {
                keys.add(fallback.getKey());
            }
            for (String key : keys) {
                if (prefix == null) {
                    flinkKeys.add(key);
                } else {
                    // e.g. metrics.reporter.<name> + factory.class: <name> stands for any reporter name
                    String full = prefix + "." + key;
                    flinkKeyPatterns.add(Pattern.compile(Pattern.quote(full).replaceAll("<[a-z_-]+>", "\\\\E[^.]+\\\\Q")));
                }
            }
        }
    }

    static boolean isFlinkOption(String key) {
        return flinkKeys.contains(key) || flinkKeyPatterns.stream().anyMatch(p -> p.matcher(key).matches());
    }

    static JsonNode yaml(String path) throws Exception {
        return YAML.readTree(root.resolve(path).toFile());
    }

    @Test
    void theFlinkDeploymentValidatesAgainstTheOperatorsCrdSchema() throws Exception {
        JsonNode deployment = yaml("deploy/k8s/flinkdeployment.yaml");
        Set<ValidationMessage> problems = crdSchema().validate(deployment);
        assertThat(problems).as("schema problems of deploy/k8s/flinkdeployment.yaml").isEmpty();

        assertThat(deployment.at("/spec/job/upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(deployment.at("/spec/job/entryClass").asText()).isEqualTo("io.fleetanomaly.kafka.KafkaJobMain");
        assertThat(deployment.at("/spec/job/jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/fleet-anomaly-job.jar");
        assertThat(deployment.at("/spec/flinkVersion").asText()).isEqualTo(FLINK_2);
    }

    @Test
    void theSchemaCheckCatchesWhatItShould() throws Exception {
        ObjectNode broken = (ObjectNode) yaml("deploy/k8s/flinkdeployment.yaml");
        ((ObjectNode) broken.at("/spec/job")).put("upgradeMod", "savepoint");
        ((ObjectNode) broken.at("/spec/job")).put("parallelism", "two");
        assertThat(crdSchema().validate(broken)).extracting(ValidationMessage::getMessage)
                .anyMatch(m -> m.contains("upgradeMod")).anyMatch(m -> m.contains("parallelism"));
    }

    @Test
    void everyFlinkSettingIsARealFlinkOption() throws Exception {
        Map<String, String> settings = new java.util.TreeMap<>();
        yaml("deploy/k8s/flinkdeployment.yaml").at("/spec/flinkConfiguration").fields()
                .forEachRemaining(e -> settings.put(e.getKey(), "deploy/k8s/flinkdeployment.yaml"));
        yaml("conf/flink-cluster.yaml").fields().forEachRemaining(e -> settings.put(e.getKey(), "conf/flink-cluster.yaml"));
        Properties compose = new Properties();
        compose.load(new java.io.StringReader(yaml("deploy/docker-compose.yml")
                .at("/x-flink/environment/FLINK_PROPERTIES").asText().replace(": ", "=")));
        compose.stringPropertyNames().forEach(k -> settings.put(k, "deploy/docker-compose.yml"));
        // The configuration deploy/flink-local writes (its here-document, one "key: value" a line).
        String script = Files.readString(root.resolve("deploy/flink-local"));
        String generated = script.substring(script.indexOf("<<YAML"), script.indexOf("\nYAML\n"));
        java.util.regex.Matcher line = Pattern.compile("(?m)^([a-z][a-zA-Z0-9._-]+): ").matcher(generated);
        while (line.find()) {
            settings.put(line.group(1), "deploy/flink-local");
        }
        assertThat(settings).hasSizeGreaterThan(40).containsEntry("taskmanager.memory.network.max", "deploy/flink-local");
        assertThat(settings.keySet()).as("keys that are no Flink option (file named in the map)")
                .allMatch(DeploymentManifestsTest::isFlinkOption, "a Flink option: " + settings);
        assertThat(isFlinkOption("taskmanager.numberOfTaskSlot")).as("a misspelt key").isFalse();
        assertThat(isFlinkOption("metrics.reporter.prom.port")).isTrue();
    }

    @Test
    void theConfigMapHoldsAJobConfigurationAndTheDeploymentMountsWhatTheJobReads() throws Exception {
        JsonNode configMap = yaml("deploy/k8s/configmap.yaml");
        JsonNode secret = yaml("deploy/k8s/kafka-secret.yaml");
        JsonNode deployment = yaml("deploy/k8s/flinkdeployment.yaml");
        assertThat(configMap.path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(secret.path("kind").asText()).isEqualTo("Secret");

        Path config = Files.createTempFile("kafka", ".yaml");
        Files.writeString(config, configMap.at("/data/kafka.yaml").asText());
        JobConfigLoader loader = JobConfigLoader.load(config);
        assertThat(loader.readsKafka()).isTrue();
        assertThat(loader.bundle().hasLstm()).isTrue();
        assertThat(loader.jobSettings(false).maxParallelism()).isEqualTo(720);
        loader.checkpointSettings();

        JsonNode volumes = deployment.at("/spec/podTemplate/spec/volumes");
        JsonNode mounts = deployment.at("/spec/podTemplate/spec/containers/0/volumeMounts");
        String configDir = mountPath(mounts, volumeNamed(volumes, "configMap", configMap.at("/metadata/name").asText()));
        String secretDir = mountPath(mounts, volumeNamed(volumes, "secret", secret.at("/metadata/name").asText()));
        List<String> args = new ArrayList<>();
        deployment.at("/spec/job/args").forEach(a -> args.add(a.asText()));
        assertThat(args).containsExactly("--config", configDir + "/kafka.yaml");
        assertThat(loader.config().kafka.propertiesFile).isEqualTo(secretDir + "/client.properties");
        assertThat(secret.at("/stringData/client.properties").asText()).contains("sasl.jaas.config=");
    }

    private static String volumeNamed(JsonNode volumes, String type, String name) {
        for (JsonNode volume : volumes) {
            JsonNode source = volume.path(type);
            if (name.equals(source.path("name").asText()) || name.equals(source.path("secretName").asText())) {
                return volume.path("name").asText();
            }
        }
        throw new AssertionError("no " + type + " volume of " + name);
    }

    private static String mountPath(JsonNode mounts, String volume) {
        for (JsonNode mount : mounts) {
            if (volume.equals(mount.path("name").asText())) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("volume " + volume + " is not mounted");
    }

    /** The CRD's openAPIV3Schema, strict: objects with listed properties take no others. */
    static JsonSchema crdSchema() throws Exception {
        JsonNode crd;
        try (InputStream in = DeploymentManifestsTest.class.getClassLoader().getResourceAsStream(CRD)) {
            assertThat(in).as(CRD + " on the class path (flink-kubernetes-operator-api 1.10.0)").isNotNull();
            crd = YAML.readTree(in);
        }
        ObjectNode schema = (ObjectNode) crd.at("/spec/validation/openAPIV3Schema").deepCopy();
        ((ArrayNode) schema.at("/properties/spec/properties/flinkVersion/enum")).add(FLINK_2);
        strict(schema);
        // Every Kubernetes object has these three; the API server adds them to a CRD's schema.
        ObjectNode properties = (ObjectNode) schema.get("properties");
        properties.set("apiVersion", YAML.readTree("{type: string, enum: [flink.apache.org/v1beta1]}"));
        properties.set("kind", YAML.readTree("{type: string, enum: [FlinkDeployment]}"));
        properties.set("metadata", YAML.readTree("{type: object, required: [name]}"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
    }

    private static void strict(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
                strict(it.next());
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(DeploymentManifestsTest::strict);
        }
    }
}
