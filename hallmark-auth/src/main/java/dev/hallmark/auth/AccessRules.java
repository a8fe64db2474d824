package dev.hallmark.auth;

import java.util.List;

/**
 * What a request needs, per HTTP API: the seam between an API's route table and the auth filter in
 * front of it. The trust API's rules follow notary-server's route table; the registry's follow the
 * distribution spec.
 *
 * {@snippet :
 * AccessRules registry = r -> r.method().equals("GET")
 *     ? List.of(Access.repository(nameOf(r.path()), Action.PULL))
 *     : List.of(Access.repository(nameOf(r.path()), Action.PUSH), Access.repository(nameOf(r.path()), Action.PULL));
 * }
 */
@FunctionalInterface
public interface AccessRules {
  /** The accesses {@code request} needs; empty when it is open to anyone. */
  List<Access> required(AccessRequest request);
}
