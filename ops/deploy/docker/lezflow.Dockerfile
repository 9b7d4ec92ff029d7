# The lezflow command as an image: one image for every service command (ingest, cameras, portal,
# enforce, job, mosquitto-config). Build from the repository root:
#   docker build -f ops/deploy/docker/lezflow.Dockerfile -t lezflow:dev .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/lezflow lezflow \
 && mkdir -p /opt/lezflow /var/lib/lezflow && chown lezflow /var/lib/lezflow
COPY --from=build /src/ops/target/lezflow.jar /opt/lezflow/lezflow.jar
COPY --from=build /src/ops/target/lib/ /opt/lezflow/lib/
# The shaded job jar, for `lezflow job submit` (LEZ_JOB_JAR).
COPY --from=build /src/stream-jobs/target/lezflow-stream-jobs-*-job.jar /opt/lezflow/jobs/lezflow-enforcement-job.jar
USER lezflow
# ./lezflow-data (the default --data-dir: ingest outbox, local checkpoints) lands here: mount a volume.
WORKDIR /var/lib/lezflow
ENV LEZFLOW_JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+UseParallelGC"
ENTRYPOINT ["sh", "-c", "exec java $LEZFLOW_JAVA_OPTS -jar /opt/lezflow/lezflow.jar \"$@\"", "lezflow"]
CMD ["--help"]
