package io.lezflow.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The MiniCluster of the small side jobs of the local stack (camera health, hotlists): heap state
 * (a few hundred cameras, a few thousand hotlist entries), no Kryo, mandatory uids, parallelism 1,
 * no fixed web UI port. No checkpoints: these jobs start from the latest records anyway.
 *
 * <p>Memory sized for that: a local MiniCluster's defaults (64 MiB of network buffers, allocated
 * when it starts, and 128 MiB managed memory) are sized for any job; at parallelism 1 with heap
 * state a few MiB of buffers are used and no managed memory (only RocksDB and batch operators take it).
 */
public final class SmallLocalJobs {
  private SmallLocalJobs() {}

  static final MemorySize NETWORK_MEMORY = MemorySize.ofMebiBytes(16);
  static final MemorySize MANAGED_MEMORY = MemorySize.ofMebiBytes(16);

  public static StreamExecutionEnvironment environment(String jobName) {
    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    conf.set(PipelineOptions.NAME, jobName);
    conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, NETWORK_MEMORY);
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, NETWORK_MEMORY);
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MANAGED_MEMORY);
    return StreamExecutionEnvironment.createLocalEnvironment(1, conf);
  }
}
