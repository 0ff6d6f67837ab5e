#pragma once
// The one check between a verified token and the user it acts as (issue 12), used by REST
// (api/rest/authenticator) and by the /streaming socket's CONNECT (api/events) alike:
// - a local (HS256) token must name a user that exists: else 401 user_not_found;
// - an external (RS256) token is keyed by issuer + subject and maps to its own local user, created on
//   first sight (external_identities, migration 0012) — never to a local user whose id happens to
//   equal the subject, and never across issuers.
// resolve() blocks (SQL): call it on the DB pool. cached() never blocks: I/O threads try it first.
// Thread-safe.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/accounts/identity.hpp"
#include "store/store.hpp"

namespace tc::domain {

class IdentityResolver {
 public:
  // Users are never deleted or renamed, so a resolved identity may be remembered a while; the bound
  // keeps the cache small whatever tokens arrive (only resolved ones are kept).
  static constexpr int64_t kCacheTtlMs = 60'000;
  static constexpr size_t kCacheMax = 20'000;

  IdentityResolver(store::Store& store, const core::Clock& clock);

  // The identity behind `claims` if it was resolved in the last kCacheTtlMs. Never blocks.
  std::optional<Identity> cached(const TokenClaims& claims) const;
  // The stored user behind `claims` (see above); errors: user_not_found (401), username_taken (409,
  // an external user that could not be given a name). Blocking.
  core::Result<store::UserRow> resolve(const TokenClaims& claims);
  // resolve() as the Identity that acts.
  core::Result<Identity> resolve_identity(const TokenClaims& claims);

 private:
  core::Result<store::UserRow> provision_external(const TokenClaims& claims);
  void remember(const TokenClaims& claims, const store::UserRow& user);

  store::Store& store_;       // borrowed, outlives us
  const core::Clock& clock_;  // borrowed
  struct Entry {
    Identity who;
    int64_t until_ms = 0;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> cache_;  // claims key → identity; guarded by mutex_
};

}  // namespace tc::domain
