package io.lezflow.evidence;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks cameras for images over HTTP, many at once (asynchronous requests, at most {@code
 * maxConcurrent} in flight), retrying a camera that fails to answer or answers 5xx.
 */
final class CameraImageClient {
  private static final Duration RETRY_DELAY = Duration.ofMillis(200);

  private final HttpClient http;
  private final URI baseUrl;
  private final Duration timeout;
  private final int attempts;
  private final int maxConcurrent;

  CameraImageClient(EvidenceFetcherConfig config) {
    this.http = HttpClient.newBuilder().connectTimeout(config.fetchTimeout()).build();
    String base = config.cameraBaseUrl().toString();
    this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.timeout = config.fetchTimeout();
    this.attempts = config.fetchAttempts();
    this.maxConcurrent = config.maxConcurrentFetches();
  }

  /** One result per request, in order. */
  List<FetchResult> fetchAll(List<EvidenceRequest> requests) {
    List<FetchResult> results = new ArrayList<>(requests.size());
    for (int from = 0; from < requests.size(); from += maxConcurrent) {
      List<CompletableFuture<FetchResult>> inFlight = new ArrayList<>();
      for (EvidenceRequest r : requests.subList(from, Math.min(requests.size(), from + maxConcurrent))) {
        inFlight.add(fetch(r, 1));
      }
      for (CompletableFuture<FetchResult> f : inFlight) results.add(f.join());
    }
    return results;
  }

  private CompletableFuture<FetchResult> fetch(EvidenceRequest r, int attempt) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + io.lezflow.schemas.EvidenceImageKeys.PATH_PREFIX + r.imageKey()))
        .timeout(timeout).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .handle((response, failure) -> {
          FetchResult result;
          if (failure != null) {
            result = new FetchResult.Unreachable("no answer from " + baseUrl + " after " + attempt + " attempt(s): " + rootCause(failure));
          } else if (response.statusCode() == 200) {
            return CompletableFuture.completedFuture(
                (FetchResult) new FetchResult.Served(response.body(), response.headers().firstValue("Content-Type").orElse(null)));
          } else if (response.statusCode() >= 500) {
            result = new FetchResult.Unreachable("HTTP " + response.statusCode() + " from " + baseUrl + " after " + attempt + " attempt(s)");
          } else {
            return CompletableFuture.completedFuture((FetchResult) new FetchResult.NotFound(response.statusCode()));
          }
          if (attempt >= attempts) return CompletableFuture.completedFuture(result);
          return CompletableFuture.supplyAsync(() -> null,
                  CompletableFuture.delayedExecutor(RETRY_DELAY.toMillis() * attempt, TimeUnit.MILLISECONDS))
              .thenCompose(ignored -> fetch(r, attempt + 1));
        })
        .thenCompose(f -> f);
  }

  private static String rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
  }
}
