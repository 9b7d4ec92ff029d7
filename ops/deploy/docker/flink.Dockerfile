# Flink JobManager / TaskManager with the enforcement job jar in usrlib and Flink's Prometheus
# reporter enabled (it ships in the image's plugins/metrics-prometheus). Build from the repository
# root after `mvn -B -DskipTests package`:
#   docker build -f ops/deploy/docker/flink.Dockerfile -t lezflow-flink:dev .
FROM flink:2.2.1-java17
COPY stream-jobs/target/lezflow-stream-jobs-*-job.jar /opt/flink/usrlib/lezflow-enforcement-job.jar
# No Kryo: the job registers explicit serializers (docs/design.md); metrics on 9249 for Prometheus.
RUN printf '%s\n' \
  'pipeline.generic-types: false' \
  'metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory' \
  'metrics.reporter.prom.port: 9249' \
  'state.backend.type: rocksdb' \
  'execution.checkpointing.incremental: true' \
  >> /opt/flink/conf/config.yaml
