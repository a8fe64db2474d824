package dev.hallmark.policy.http;

import dev.hallmark.accounts.AccountException;
import dev.hallmark.accounts.AccountStore;
import dev.hallmark.accounts.http.AdminExtension;
import dev.hallmark.policy.Policy;
import dev.hallmark.policy.ScopedPolicy;
import dev.hallmark.policy.TeamName;
import dev.hallmark.policy.store.JdbcPolicyStore;
import dev.hallmark.policy.store.PolicyRule;
import dev.hallmark.policy.store.PolicyStoreException;
import dev.hallmark.tuf.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The policy rules in the admin API, admins only:
 * <pre>
 * GET    /api/v0/policies            every rule by scope; the global default first, {@link Policy#NONE} when unset
 * GET    /api/v0/policies/{scope}    404 when no rule is stored for exactly that scope
 * PUT    /api/v0/policies/{scope}    {"requireContentTrust":true, "requireSignatureFrom":["dev/admin"]}
 * DELETE /api/v0/policies/{scope}    404 when no rule is stored (the global default: always 204)
 * </pre>
 * {@code {scope}} is {@value #GLOBAL} for the global default (no repository path component can start
 * with {@code _}, so it names no organisation), else an organisation ({@code dev}) or a repository
 * prefix ({@code dev/nginx}). A rule reads
 * {@code {"scope","requireContentTrust","requireSignatureFrom","description","updatedAt","updatedBy"}};
 * an unset global default has no {@code updatedAt}/{@code updatedBy}.
 *
 * <p>A PUT without {@code requireContentTrust} requires content trust exactly when it names teams
 * (UCP: teams imply content trust); {@code false} with teams is refused. Every named team must exist.
 * Unknown members are refused, so that a misspelt requirement cannot silently weaken a policy.
 */
public final class PolicyAdminRoutes implements AdminExtension {
  /** The scope segment of the global default in the API and the CLI. */
  public static final String GLOBAL = "_global";

  private static final Set<String> MEMBERS = Set.of("requireContentTrust", "requireSignatureFrom");

  private final JdbcPolicyStore store;
  private final AccountStore accounts;

  /** @param accounts where named teams are looked up */
  public PolicyAdminRoutes(JdbcPolicyStore store, AccountStore accounts) {
    this.store = store;
    this.accounts = accounts;
  }

  @Override
  public String collection() {
    return "policies";
  }

  @Override
  public Reply handle(Call call) {
    try {
      if (call.path().isEmpty()) {
        if (!call.method().equals("GET")) {
          throw new AccountException(AccountException.Code.METHOD_NOT_ALLOWED, "method not allowed here");
        }
        return Reply.ok(new Json.Arr(listWithGlobal().stream().map(PolicyAdminRoutes::rule).toList()));
      }
      String scope = scope(call.path());
      return switch (call.method()) {
        case "GET" -> Reply.ok(rule(find(scope)));
        case "PUT" -> {
          Policy policy = policy(call.body());
          List<TeamName> unknown = unknownTeams(accounts, policy.requireSignatureFrom());
          if (!unknown.isEmpty()) {
            throw invalid("requireSignatureFrom: no team " + String.join(", ", unknown.stream().map(TeamName::toString).toList())
                + " (create it first)");
          }
          yield Reply.ok(rule(Optional.of(store.put(scope, policy, call.caller().name())), scope));
        }
        case "DELETE" -> {
          if (!store.remove(scope) && !scope.isEmpty()) {
            throw noRule(scope);
          }
          yield Reply.noContent();
        }
        default -> throw new AccountException(AccountException.Code.METHOD_NOT_ALLOWED, "method not allowed here");
      };
    } catch (PolicyStoreException e) {
      var ex = new AccountException(AccountException.Code.UNAVAILABLE, e.getMessage());
      ex.initCause(e);
      throw ex;
    }
  }

  /**
   * The teams among {@code teams} that do not exist in the accounts (organisation or team missing).
   *
   * @throws AccountException {@code UNAVAILABLE} when the accounts cannot be read
   */
  public static List<TeamName> unknownTeams(AccountStore accounts, Collection<TeamName> teams) {
    List<TeamName> unknown = new ArrayList<>();
    for (TeamName t : teams) {
      try {
        accounts.team(t.org(), t.team());
      } catch (AccountException e) {
        switch (e.code()) {
          case NO_SUCH_TEAM, NO_SUCH_ACCOUNT, INVALID_NAME -> unknown.add(t);
          default -> throw e;
        }
      }
    }
    return unknown;
  }

  private List<Optional<PolicyRule>> listWithGlobal() {
    List<PolicyRule> rules = store.list();
    List<Optional<PolicyRule>> out = new ArrayList<>();
    if (rules.isEmpty() || !rules.getFirst().scope().isEmpty()) {
      out.add(Optional.empty());
    }
    rules.forEach(r -> out.add(Optional.of(r)));
    return out;
  }

  private Optional<PolicyRule> find(String scope) {
    Optional<PolicyRule> r = store.get(scope);
    if (r.isEmpty() && !scope.isEmpty()) {
      throw noRule(scope);
    }
    return r;
  }

  private static String scope(List<String> path) {
    if (path.size() == 1 && path.getFirst().equals(GLOBAL)) {
      return "";
    }
    String scope = String.join("/", path);
    try {
      return ScopedPolicy.checkScope(scope);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage() + "; the global default is " + GLOBAL);
    }
  }

  private static Policy policy(Json.Obj body) {
    for (String name : body.members().keySet()) {
      if (!MEMBERS.contains(name)) {
        throw invalid("unknown member " + name + ": a policy has requireContentTrust and requireSignatureFrom");
      }
    }
    List<TeamName> teams = new ArrayList<>();
    switch (body.get("requireSignatureFrom")) {
      case null -> { }
      case Json.Null n -> { }
      case Json.Arr a -> {
        for (Json item : a.items()) {
          if (!(item instanceof Json.Str s)) {
            throw invalid("requireSignatureFrom must be a list of ORG/TEAM strings");
          }
          try {
            teams.add(TeamName.parse(s.value()));
          } catch (IllegalArgumentException e) {
            throw invalid("requireSignatureFrom: " + e.getMessage());
          }
        }
      }
      default -> throw invalid("requireSignatureFrom must be a list of ORG/TEAM strings");
    }
    boolean trust = switch (body.get("requireContentTrust")) {
      case null -> !teams.isEmpty();
      case Json.Null n -> !teams.isEmpty();
      case Json.Bool b -> b.value();
      default -> throw invalid("requireContentTrust must be true or false");
    };
    try {
      return new Policy(trust, teams);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage() + ": requireContentTrust must not be false when requireSignatureFrom names teams");
    }
  }

  private static Json rule(Optional<PolicyRule> stored) {
    return rule(stored, "");
  }

  /** A stored rule, or the unset global default. */
  private static Json rule(Optional<PolicyRule> stored, String scope) {
    String s = stored.map(PolicyRule::scope).orElse(scope);
    Policy p = stored.map(PolicyRule::policy).orElse(Policy.NONE);
    var o = Json.object().put("scope", Json.of(s.isEmpty() ? GLOBAL : s))
        .put("requireContentTrust", Json.of(p.requireContentTrust()))
        .put("requireSignatureFrom", new Json.Arr(p.requireSignatureFrom().stream().map(t -> (Json) Json.of(t.toString())).toList()))
        .put("description", Json.of(p.describe()));
    stored.ifPresent(r -> o.put("updatedAt", Json.of(r.updatedAt().toString())).put("updatedBy", Json.of(r.updatedBy())));
    return o.build();
  }

  private static AccountException noRule(String scope) {
    return new AccountException(AccountException.Code.NOT_FOUND, "no policy rule for " + scope);
  }

  private static AccountException invalid(String why) {
    return new AccountException(AccountException.Code.INVALID_ARGUMENT, why);
  }
}
