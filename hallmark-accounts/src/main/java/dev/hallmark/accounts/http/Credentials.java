package dev.hallmark.accounts.http;

import dev.hallmark.accounts.AccountStore;
import dev.hallmark.accounts.Authenticator;
import dev.hallmark.accounts.Identity;
import dev.hallmark.auth.AuthException;
import dev.hallmark.auth.Password;
import dev.hallmark.auth.TokenVerifier;
import dev.hallmark.auth.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Who an {@code Authorization} header names: Basic name and password, or a bearer token of ours. */
final class Credentials {
  private final Authenticator authenticator;
  private final TokenVerifier verifier;
  private final AccountStore store;

  Credentials(Authenticator authenticator, TokenVerifier verifier, AccountStore store) {
    this.authenticator = authenticator;
    this.verifier = verifier;
    this.store = store;
  }

  /**
   * The identity of a header; anonymous without one.
   *
   * @throws AuthException when credentials are present but wrong
   */
  Identity identify(String authorization, boolean acceptBearer) {
    if (authorization == null || authorization.isBlank()) {
      return Identity.Anonymous.INSTANCE;
    }
    if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new AuthException(AuthException.Failure.BAD_CREDENTIALS, "malformed Basic credentials");
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw new AuthException(AuthException.Failure.BAD_CREDENTIALS, "malformed Basic credentials");
      }
      Password pw = Password.of(decoded.substring(colon + 1));
      try {
        return authenticator.login(decoded.substring(0, colon), pw);
      } finally {
        pw.destroy();
      }
    }
    if (acceptBearer && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      VerifiedToken t = verifier.verify(authorization.substring(7));
      if (t.subject().isEmpty()) {
        return Identity.Anonymous.INSTANCE;
      }
      return store.find(t.subject()).filter(a -> !a.isOrg()).<Identity>map(Identity.User::new)
          .orElseThrow(() -> new AuthException(AuthException.Failure.INVALID_TOKEN, "token of an unknown user"));
    }
    throw new AuthException(AuthException.Failure.BAD_CREDENTIALS, "unsupported authorization scheme");
  }
}
