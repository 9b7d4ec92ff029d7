package io.lezflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnforcementJobConfigTest {

  static Map<String, String> validEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("LEZ_KAFKA_BOOTSTRAP", "127.0.0.1:9092,kafka-2:9092");
    env.put("LEZ_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/lez");
    env.put("LEZ_JDBC_USER", "lez");
    env.put("LEZ_JDBC_PASSWORD", "pw");
    env.put("LEZ_CHECKPOINT_DIR", "/var/lib/lez/checkpoints");
    env.put("LEZ_CHECKPOINT_INTERVAL", "PT15S");
    env.put("LEZ_PARALLELISM", "4");
    env.put("LEZ_SIGHTINGS_HMAC_KEY", "0123456789abcdef0123");
    return env;
  }

  @Test
  void readsTheEnvironmentWithDefaults() {
    EnforcementJobConfig config = EnforcementJobConfig.fromEnvironment(validEnvironment());

    assertThat(config.kafkaBootstrap()).isEqualTo("127.0.0.1:9092,kafka-2:9092");
    assertThat(config.checkpointDir()).isEqualTo("file:///var/lib/lez/checkpoints");
    assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.parallelism()).isEqualTo(4);
    assertThat(config.consumerGroupId()).isEqualTo(EnforcementJobConfig.DEFAULT_CONSUMER_GROUP);
    assertThat(config.bounded()).isFalse();
    assertThat(config.toString()).doesNotContain("pw").doesNotContain("0123456789abcdef0123");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      nullValues = "<null>",
      value = {
        "LEZ_KAFKA_BOOTSTRAP, <null>, kafkaBootstrap",
        "LEZ_KAFKA_BOOTSTRAP, localhost, kafkaBootstrap",
        "LEZ_JDBC_URL, jdbc:mysql://db/lez, jdbcUrl",
        "LEZ_JDBC_URL, <null>, jdbcUrl",
        "LEZ_CHECKPOINT_DIR, '  ', checkpointDir",
        "LEZ_CHECKPOINT_INTERVAL, PT0.05S, checkpointInterval",
        "LEZ_CHECKPOINT_INTERVAL, often, LEZ_CHECKPOINT_INTERVAL",
        "LEZ_PARALLELISM, 0, parallelism",
        "LEZ_PARALLELISM, two, LEZ_PARALLELISM",
        "LEZ_SIGHTINGS_HMAC_KEY, short, sightingsHmacKey",
        "LEZ_SIGHTINGS_HMAC_KEY, <null>, sightingsHmacKey",
        "LEZ_CONSUMER_GROUP, ' ', consumerGroupId",
      })
  void aWrongSettingIsNamedInTheError(String variable, String value, String namedInMessage) {
    Map<String, String> env = validEnvironment();
    if (value == null) env.remove(variable); else env.put(variable, value);

    assertThatThrownBy(() -> EnforcementJobConfig.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(namedInMessage);
  }

  @Test
  void flinkConfigurationIsRocksDbIncrementalCheckpointsAndNoKryo() {
    Configuration conf = EnforcementJob.flinkConfiguration(EnforcementJobConfig.fromEnvironment(validEnvironment()));

    assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
    assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
    assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:///var/lib/lez/checkpoints");
    assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(15));
    assertThat(conf.get(PipelineOptions.GENERIC_TYPES)).isFalse();
    assertThat(conf.get(PipelineOptions.OBJECT_REUSE)).isTrue();
    assertThat(conf.get(PipelineOptions.AUTO_GENERATE_UIDS)).isFalse();
    assertThat(conf.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(4);
  }

  @Test
  void everyOperatorHasANameAndAStableUid() {
    EnforcementJobConfig config = EnforcementJobConfig.fromEnvironment(validEnvironment());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(EnforcementJob.flinkConfiguration(config));

    EnforcementJob.onKafka(config).buildTopology(env);
    StreamGraph graph = env.getStreamGraph();

    Map<String, String> uidByName = graph.getStreamNodes().stream()
        .collect(Collectors.toMap(n -> n.getOperatorName() + "#" + n.getId(), n -> String.valueOf(n.getTransformationUID())));
    assertThat(uidByName).containsValues(EnforcementJob.READS_SOURCE_UID, EnforcementJob.VEHICLES_SOURCE_UID,
        EnforcementJob.PERMITS_SOURCE_UID, EnforcementJob.POLICIES_SOURCE_UID, EnforcementJob.CAMERAS_SOURCE_UID,
        EnforcementJob.ENFORCEMENT_UID, EnforcementJob.SIGHTINGS_SINK_UID, EnforcementJob.VIOLATIONS_SINK_UID,
        EnforcementJob.VIOLATIONS_KAFKA_SINK_UID, EnforcementJob.LATE_READS_SINK_UID);
    assertThat(uidByName.values()).doesNotContain("null");
  }

  @Test
  void programArgumentsWinOverTheEnvironmentAndRoundTrip() {
    EnforcementJobConfig config = EnforcementJobConfig.fromArgs(
        new String[] {"--kafka-bootstrap", "kafka-9:9092", "--parallelism=2", "--checkpoint-interval", "PT3S"},
        validEnvironment());

    assertThat(config.kafkaBootstrap()).isEqualTo("kafka-9:9092");
    assertThat(config.parallelism()).isEqualTo(2);
    assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/lez"); // from the environment
    assertThat(EnforcementJobConfig.fromArgs(config.toArgs().toArray(String[]::new), Map.of())).isEqualTo(config);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--kafka-bootstap x:1       | unknown flag --kafka-bootstap",
      "kafka-bootstrap            | unexpected argument 'kafka-bootstrap'",
      "--parallelism              | --parallelism needs a value",
      "--parallelism=two          | LEZ_PARALLELISM must be a whole number, was 'two'",
  })
  void badProgramArgumentsNameTheFlag(String args, String message) {
    assertThatThrownBy(() -> EnforcementJobConfig.fromArgs(args.split(" +"), validEnvironment()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }
}
