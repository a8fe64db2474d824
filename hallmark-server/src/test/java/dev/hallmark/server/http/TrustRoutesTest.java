package dev.hallmark.server.http;

import dev.hallmark.testkit.TestRepo;
import static dev.hallmark.testkit.TestRepo.upload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.server.ServerFixture;
import dev.hallmark.server.TrustApiConfig;
import dev.hallmark.tuf.RoleName;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routes, headers and bodies over plain HTTP with a fixed clock (the TLS server is tested in hallmark-cli). */
class TrustRoutesTest {
  private ServerFixture server;
  private HttpServer http;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private TestRepo repo;

  @BeforeEach
  void start() throws Exception {
    server = new ServerFixture();
    var routes = new TrustRoutes(new TrustApiConfig(300, 0, List.of(), TrustApiConfig.Limits.DEFAULTS), server.publish,
        server.fetch, server.keys, server.store, new Health(server.store, server.clock), new Metrics(),
        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    http = HttpServer.start(new InetSocketAddress("127.0.0.1", 0), null, routes);
    repo = server.repoWithServerSnapshot("example.com/app");
    server.publish(repo.gun, upload(RoleName.ROOT, repo.root(1), RoleName.TARGETS, repo.targets(1, "a")));
  }

  @AfterEach
  void stop() throws Exception {
    http.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Test
  void lastModifiedIsAnImfFixdateInGmt() throws Exception {
    // START is 2026-03-04: the day of month must be two digits (RFC 9110 IMF-fixdate), as Go writes it
    var r = get("/v2/example.com/app/_trust/tuf/root.json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Last-Modified")).contains("Wed, 04 Mar 2026 05:06:07 GMT");
  }

  @Test
  void currentAndConsistentCacheHeaders() throws Exception {
    var current = get("/v2/example.com/app/_trust/tuf/targets.json");
    assertThat(current.headers().firstValue("Cache-Control")).contains("public, max-age=300, s-maxage=300, must-revalidate");
    assertThat(current.headers().firstValue("Pragma")).isEmpty();
    assertThat(current.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(current.headers().firstValue("ETag")).isEmpty();
    var consistent = get("/v2/example.com/app/_trust/tuf/1.targets.json");
    assertThat(consistent.headers().firstValue("Cache-Control")).contains("max-age=0, no-cache, no-store");
    assertThat(consistent.headers().firstValue("Pragma")).contains("no-cache");
  }

  @Test
  void missingMetadataIsTheReference404() throws Exception {
    var r = get("/v2/example.com/app/_trust/tuf/targets/nope.json");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
    assertThat(r.body()).isEqualTo("{\"errors\":[{\"code\":\"METADATA_NOT_FOUND\",\"message\":\"You have requested"
        + " metadata that does not exist.\",\"detail\":{}}]}\n");
  }

  @Test
  void changefeedParameterErrorsCarryTheReferenceDetail() throws Exception {
    var missing = get("/v2/_trust/changefeed");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).isEqualTo("{\"errors\":[{\"code\":\"INVALID_PARAMETERS\",\"message\":\"The parameters"
        + " provided are not valid.\",\"detail\":\"invalid records parameter: strconv.ParseInt: parsing \\\"\\\":"
        + " invalid syntax\"}]}\n");
    var badId = get("/v2/_trust/changefeed?records=10&change_id=x");
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(badId.body()).isEqualTo("{\"errors\":[{\"code\":\"INVALID_PARAMETERS\",\"message\":\"The parameters"
        + " provided are not valid.\",\"detail\":{}}]}\n");
  }
}
