package io.lezflow.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The MiniCluster of the small side jobs of the local stack (camera health, hotlists): heap state
 * (a few hundred cameras, a few thousand hotlist entries), no Kryo, mandatory uids, parallelism 1,
 * no fixed web UI port. No checkpoints: these jobs start from the latest records anyway.
 */
public final class SmallLocalJobs {
  private SmallLocalJobs() {}

  public static StreamExecutionEnvironment environment(String jobName) {
    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    conf.set(PipelineOptions.NAME, jobName);
    conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
    conf.set(RestOptions.BIND_PORT, "0");
    return StreamExecutionEnvironment.createLocalEnvironment(1, conf);
  }
}
