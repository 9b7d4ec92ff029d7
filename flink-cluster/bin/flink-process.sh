#!/usr/bin/env bash
# One process of a standalone Flink session cluster, from the lib directory Maven assembles
# (mvn -B -DskipTests package -> flink-cluster/target/lib) and flink-cluster/conf/config.yaml:
#   flink-cluster/bin/flink-process.sh jobmanager  [-Dkey=value ...]
#   flink-cluster/bin/flink-process.sh taskmanager [-Dkey=value ...]
# Start one JobManager and any number of TaskManagers (each -Dmetrics.reporter.prom.port=... of its own
# when several share a machine). exec: the JVM replaces this shell, so a signal reaches Flink itself.
# FLINK_LIB_DIR, FLINK_CONF_DIR and FLINK_JVM_OPTS override the defaults below.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lib="${FLINK_LIB_DIR:-$here/target/lib}"
conf="${FLINK_CONF_DIR:-$here/conf}"
if [ ! -d "$lib" ]; then
  echo "flink-process: $lib is missing; build it first with: mvn -B -q -DskipTests package" >&2
  exit 2
fi
case "${1:-}" in
  jobmanager)
    main=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
    # jobmanager.memory.heap.size, off-heap.size, jvm-metaspace.size of config.yaml
    opts="${FLINK_JVM_OPTS:--Xms256m -Xmx256m -XX:MaxDirectMemorySize=64m -XX:MaxMetaspaceSize=160m}" ;;
  taskmanager)
    main=org.apache.flink.runtime.taskexecutor.TaskManagerRunner
    # framework + task heap; framework + task off-heap + network; metaspace of config.yaml
    opts="${FLINK_JVM_OPTS:--Xms320m -Xmx320m -XX:MaxDirectMemorySize=96m -XX:MaxMetaspaceSize=160m}" ;;
  *)
    echo "usage: flink-process.sh jobmanager|taskmanager [-Dkey=value ...]" >&2
    exit 2 ;;
esac
shift
# Flink looks for plugins (none needed: the Prometheus reporter is in lib) in $FLINK_PLUGINS_DIR.
export FLINK_PLUGINS_DIR="${FLINK_PLUGINS_DIR:-$here/plugins}"
# What Flink's distribution passes on Java 17 (env.java.default-opts.all): Flink reflects into these
# (e.g. the job's configuration map when a jar is run over REST).
jdk_opens="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED \
 --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
 --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
 --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
 --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
 --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
 --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"
# shellcheck disable=SC2086 # opts and jdk_opens are lists of JVM flags
exec java $opts $jdk_opens -XX:+UseSerialGC -Dlogback.configurationFile="$conf/logback.xml" \
  -cp "$lib/*" "$main" --configDir "$conf" "$@"
