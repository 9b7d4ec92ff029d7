package io.lezflow.ops;

/**
 * A service a command needs (broker, database, cluster) did not answer within a bounded wait. The
 * message names the address; the command line prints it as one line and exits with 1.
 */
public final class ServiceUnreachable extends RuntimeException {
  public ServiceUnreachable(String service, String address, java.time.Duration waited) {
    super(service + " not reachable at " + address + " (waited " + waited.toSeconds() + " s)", null, false, false);
  }
}
