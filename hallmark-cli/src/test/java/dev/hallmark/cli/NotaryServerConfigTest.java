package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.signer.KeyAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotaryServerConfigTest {
  @TempDir Path dir;

  private NotaryServerConfig read(String json, Map<String, String> env) throws Exception {
    Path f = dir.resolve("server-config.json");
    Files.writeString(f, json);
    return NotaryServerConfig.read(f, env);
  }

  @Test
  void readsTheKeysOfANotaryServerConfiguration() throws Exception {
    var c = read("""
        {"server": {"http_addr": ":4443", "tls_key_file": "./notary-server.key", "tls_cert_file": "./notary-server.crt"},
         "trust_service": {"type": "remote", "hostname": "notarysigner", "port": "7899", "key_algorithm": "ecdsa"},
         "logging": {"level": "debug"},
         "storage": {"backend": "memory"},
         "caching": {"max_age": {"current_metadata": 60, "consistent_metadata": 0}},
         "repositories": {"gun_prefixes": ["docker.io/", "example.com/"]}}
        """, Map.of());
    assertThat(c.string("server.http_addr")).hasValue(":4443");
    assertThat(c.path("server.tls_cert_file")).hasValue(dir.resolve("notary-server.crt"));
    assertThat(c.keyAlgorithm()).hasValue(KeyAlgorithm.ECDSA);
    assertThat(c.string("logging.level")).hasValue("debug");
    assertThat(c.databaseUrl()).hasValueSatisfying(u -> assertThat(u).startsWith("jdbc:h2:mem:"));
    assertThat(c.api().currentMaxAge()).isEqualTo(60);
    assertThat(c.api().consistentMaxAge()).isZero();
    assertThat(c.api().gunPrefixes()).containsExactly("docker.io/", "example.com/");
    assertThat(c.notHonoured()).singleElement().asString()
        .startsWith("trust_service.type is remote: Hallmark does not use notary-signer (notarysigner);");
    assertThat(read("{\"trust_service\": {\"type\": \"local\"}}", Map.of()).notHonoured()).isEmpty();
  }

  @Test
  void environmentOverridesTheFileWithDotsAsUnderscores() throws Exception {
    var c = read("{\"storage\": {\"backend\": \"memory\"}}", Map.of("NOTARY_SERVER_STORAGE_BACKEND", "bogus"));
    assertThatThrownBy(c::databaseUrl).hasMessage("storage.backend: bogus is not a supported storage backend");
  }

  @Test
  void translatesNotarysPostgresDsn() throws Exception {
    var c = read("""
        {"storage": {"backend": "postgres",
          "db_url": "postgres://server:pw@postgresql:5432/notaryserver?sslmode=verify-full&sslkey=/k.pem"}}
        """, Map.of());
    assertThat(c.databaseUrl()).hasValue(
        "jdbc:postgresql://postgresql:5432/notaryserver?user=server&password=pw&sslmode=verify-full&sslkey=%2Fk.pem");
    var bad = read("{\"storage\": {\"backend\": \"postgres\", \"db_url\": \"postgres://h/db?sslmode=allow\"}}", Map.of());
    assertThatThrownBy(bad::databaseUrl).hasMessageStartingWith("storage.db_url: sslmode: unsupported sslmode \"allow\"");
  }

  @Test
  void refusesWhatItCannotHonour() throws Exception {
    assertThatThrownBy(() -> read("{\"trust_service\": {\"key_algorithm\": \"foo\"}}", Map.of()).keyAlgorithm())
        .hasMessageContaining("invalid key algorithm configured: foo");
    assertThatThrownBy(() -> read("{\"caching\": {\"max_age\": {\"current_metadata\": 31536001}}}", Map.of()).api())
        .hasMessageContaining("between 0 and 31536000");
    assertThatThrownBy(() -> read("{\"repositories\": {\"gun_prefixes\": [\"docker.io\"]}}", Map.of()).api())
        .hasMessageContaining("invalid GUN prefix docker.io");
    assertThatThrownBy(() -> read("[1]", Map.of())).hasMessageContaining("must be a JSON object");
  }

  @Test
  void listenAddressesAsGoWritesThem() {
    assertThat(ServerCommand.parseAddress(":4443").getHostString()).isEqualTo("0.0.0.0");
    assertThat(ServerCommand.parseAddress("127.0.0.1:0").getPort()).isZero();
    assertThat(ServerCommand.parseAddress("[::1]:4443").getAddress().isLoopbackAddress()).isTrue();
    assertThatThrownBy(() -> ServerCommand.parseAddress("localhost")).hasMessageContaining("HOST:PORT");
  }
}
