package dev.hallmark.policy.http;

import dev.hallmark.policy.Directory;
import dev.hallmark.policy.Policy;
import dev.hallmark.policy.PolicySource;
import dev.hallmark.policy.ScopedPolicy;
import dev.hallmark.policy.Signer;
import dev.hallmark.policy.TeamName;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.json.GoJson;
import dev.hallmark.tuf.json.Json;
import dev.hallmark.tuf.json.JsonReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a client needs from the server to evaluate the policy itself ({@code hallmark policy check}):
 * the policy of a repository and who holds given keys. Served at
 * {@code GET /policy/v1/context/<gun>[?key=<canonical key ID>...]}; the client verifies the trust
 * data on its own.
 *
 * <pre>
 * {"repository":"dev/nginx","policy":{"scope":"dev","requireContentTrust":true,"requireSignatureFrom":["dev/admin"]},
 *  "signers":{"<key ID>":{"user":"alice","certificate":"...","teams":["dev/admin"]}}}
 * </pre>
 */
public final class PolicyContext {
  /** The most keys one request may ask about. */
  public static final int MAX_KEYS = 256;
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{64}");

  private PolicyContext() {}

  /** The answer for a repository and keys (server side). */
  public static byte[] answer(String repository, ScopedPolicy policy, Map<KeyId, Signer> signers) {
    Json.ObjBuilder p = Json.object()
        .put("scope", Json.of(policy.scope()))
        .put("requireContentTrust", Json.of(policy.policy().requireContentTrust()))
        .put("requireSignatureFrom", new Json.Arr(policy.policy().requireSignatureFrom().stream()
            .map(t -> (Json) Json.of(t.toString())).toList()));
    Json.ObjBuilder s = Json.object();
    signers.forEach((k, v) -> s.put(k.value(), Json.object()
        .put("user", Json.of(v.user()))
        .put("certificate", Json.of(v.certificate()))
        .put("teams", new Json.Arr(v.teams().stream().map(t -> (Json) Json.of(t.toString())).toList()))
        .build()));
    return GoJson.encode(Json.object().put("repository", Json.of(repository)).put("policy", p.build())
        .put("signers", s.build()).build());
  }

  /** Parses {@code key} query values. @throws IllegalArgumentException for a malformed or excess key */
  public static Set<KeyId> keys(List<String> values) {
    if (values.size() > MAX_KEYS) {
      throw new IllegalArgumentException("at most " + MAX_KEYS + " keys per request");
    }
    Set<KeyId> out = new LinkedHashSet<>();
    for (String v : values) {
      if (!KEY_ID.matcher(v).matches()) {
        throw new IllegalArgumentException("not a key ID: " + (v.length() > 80 ? v.substring(0, 80) + "…" : v));
      }
      out.add(new KeyId(v));
    }
    return out;
  }

  /** A parsed answer (client side). */
  public record Answer(ScopedPolicy policy, Map<KeyId, Signer> signers) {}

  /** Parses an answer. @throws IllegalArgumentException when it is not one */
  public static Answer parse(byte[] body) {
    try {
      Json.Obj o = (Json.Obj) JsonReader.forMetadata().parse(body);
      Json.Obj p = (Json.Obj) o.get("policy");
      List<TeamName> teams = new ArrayList<>();
      for (Json t : ((Json.Arr) p.get("requireSignatureFrom")).items()) {
        teams.add(TeamName.parse(((Json.Str) t).value()));
      }
      ScopedPolicy policy = new ScopedPolicy(((Json.Str) p.get("scope")).value(),
          new Policy(((Json.Bool) p.get("requireContentTrust")).value(), teams));
      Map<KeyId, Signer> signers = new LinkedHashMap<>();
      for (var e : ((Json.Obj) o.get("signers")).members().entrySet()) {
        Json.Obj v = (Json.Obj) e.getValue();
        List<TeamName> ts = new ArrayList<>();
        for (Json t : ((Json.Arr) v.get("teams")).items()) {
          ts.add(TeamName.parse(((Json.Str) t).value()));
        }
        signers.put(new KeyId(e.getKey()), new Signer(((Json.Str) v.get("user")).value(),
            ((Json.Str) v.get("certificate")).value(), ts));
      }
      return new Answer(policy, signers);
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not a policy context answer", e);
    }
  }

  /** A directory and policy source answered by a server, for one repository (client side). */
  public interface Remote {
    /** Fetches the context for the given keys (none: the policy only). */
    Answer fetch(Set<KeyId> keys);

    /** The policy source and directory backed by {@link #fetch}. */
    default PolicySource policies() {
      return repository -> fetch(Set.of()).policy();
    }

    default Directory directory() {
      return new Directory() {
        @Override
        public Optional<Signer> identify(KeyId canonicalKeyId) {
          return Optional.ofNullable(fetch(Set.of(canonicalKeyId)).signers().get(canonicalKeyId));
        }

        @Override
        public Map<KeyId, Signer> identifyAll(Set<KeyId> canonicalKeyIds) {
          return canonicalKeyIds.isEmpty() ? Map.of() : fetch(canonicalKeyIds).signers();
        }
      };
    }
  }
}
