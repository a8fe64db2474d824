package dev.hallmark.cli.image;

import dev.hallmark.cli.notary.GlobalOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hallmark login REGISTRY}: checks the credentials against the registry's token service and
 * stores them where {@code docker login} does ({@code auths} of docker's config.json, 0600), so
 * push, pull and docker share them. Credentials come from {@code HALLMARK_USERNAME} and
 * {@code HALLMARK_PASSWORD} (automation) or a prompt; never from arguments.
 */
@Command(name = "login", description = "Log in to a registry: check and store credentials as docker login does.")
public final class LoginCommand implements Callable<Integer> {
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Parameters(index = "0", paramLabel = "REGISTRY", description = "HOST:PORT of the registry") String registry;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> env = GlobalOptions.of(spec).environment();
    String host = registry.replaceFirst("^https://", "").replaceAll("/+$", "");
    String user = env.get("HALLMARK_USERNAME");
    if (user == null || user.isEmpty()) {
      var console = System.console();
      user = console == null ? null : console.readLine("Username: ");
    }
    String password = env.get("HALLMARK_PASSWORD");
    if (password == null || password.isEmpty()) {
      var console = System.console();
      char[] p = console == null ? null : console.readPassword("Password: ");
      password = p == null ? null : new String(p);
    }
    if (user == null || user.isEmpty() || password == null || password.isEmpty()) {
      throw new IllegalArgumentException("no credentials: set HALLMARK_USERNAME and HALLMARK_PASSWORD or run on a terminal");
    }
    var globals = GlobalOptions.of(spec);
    check(host, user, password, globals.tlsCaCertFlag().orElse(null));
    var config = new DockerConfig(env);
    config.store(host, user, password);
    out.println("Login Succeeded");
    return 0;
  }

  /** Asks the registry's token service for a token with the credentials; refuses when it says no. */
  private static void check(String host, String user, String password, Path ca) throws Exception {
    HttpClient http = client(ca);
    HttpResponse<Void> ping = http.send(HttpRequest.newBuilder(URI.create("https://" + host + "/v2/"))
        .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.discarding());
    if (ping.statusCode() == 200) {
      return; // a registry without authentication: nothing to check
    }
    String challenge = ping.headers().firstValue("WWW-Authenticate").orElse("");
    if (ping.statusCode() != 401 || !challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new IOException("unexpected answer from https://" + host + "/v2/: HTTP " + ping.statusCode());
    }
    String realm = null;
    String service = null;
    Matcher m = PARAM.matcher(challenge);
    while (m.find()) {
      if (m.group(1).equals("realm")) {
        realm = m.group(2);
      } else if (m.group(1).equals("service")) {
        service = m.group(2);
      }
    }
    if (realm == null) {
      throw new IOException("the registry's challenge names no token realm");
    }
    String url = realm + "?account=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + (service == null ? "" : "&service=" + URLEncoder.encode(service, StandardCharsets.UTF_8));
    String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpResponse<Void> token = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .header("Authorization", "Basic " + basic).GET().build(), HttpResponse.BodyHandlers.discarding());
    if (token.statusCode() == 401 || token.statusCode() == 403) {
      throw new IllegalArgumentException("unauthorized: incorrect username or password");
    }
    if (token.statusCode() != 200) {
      throw new IOException("the token service answered HTTP " + token.statusCode());
    }
  }

  private static HttpClient client(Path ca) throws Exception {
    var b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (ca != null) {
      b.sslContext(dev.hallmark.client.TlsTrust.context(ca));
    }
    return b.build();
  }
}
