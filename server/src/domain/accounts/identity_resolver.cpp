#include "domain/accounts/identity_resolver.hpp"

#include "core/ids.hpp"
#include "core/text.hpp"
#include "domain/accounts/username_rules.hpp"

namespace tc::domain {
namespace {

// Issuer '' holds the external users provisioned before migration 0012 (their issuer is unknown).
constexpr const char* kLegacyIssuer = "";

// Local and external claims never share a key, and neither do two issuers.
std::string cache_key(const TokenClaims& c) {
  if (!c.external) return "local\n" + c.subject;
  return "external\n" + c.issuer + "\n" + c.subject;
}

// A valid local-style name derived from an external issuer's display name.
std::string external_username(const std::string& wanted) {
  std::string out;
  for (char c : wanted) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    if (ok && out.size() < kUsernameMax) out.push_back(c);
  }
  if (!validate_username(out)) out = "user_" + core::random_hex(4);
  return out;
}

core::Error user_not_found() {
  return core::Error::unauthenticated("user_not_found", "The token's user does not exist");
}

}  // namespace

IdentityResolver::IdentityResolver(store::Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

std::optional<Identity> IdentityResolver::cached(const TokenClaims& claims) const {
  std::lock_guard lock(mutex_);
  auto it = cache_.find(cache_key(claims));
  if (it == cache_.end() || it->second.until_ms <= clock_.now_ms()) return std::nullopt;
  return it->second.who;
}

core::Result<store::UserRow> IdentityResolver::resolve(const TokenClaims& claims) {
  if (!claims.external) {
    // Our own token: its subject is our user id. An external user's id is refused too: we never
    // issue HS256 tokens for them, so such a token was not made by a sign-in.
    auto u = store_.users().by_id(claims.subject);
    if (!u || u->origin != "local") return user_not_found();
    remember(claims, *u);
    return *u;
  }
  auto u = store_.users().by_external(claims.issuer, claims.subject);
  if (!u && claims.issuer != kLegacyIssuer) u = store_.users().by_external(kLegacyIssuer, claims.subject);
  if (!u) {
    auto made = provision_external(claims);
    if (!made) return made.error();
    u = std::move(*made);
  }
  remember(claims, *u);
  return *u;
}

core::Result<Identity> IdentityResolver::resolve_identity(const TokenClaims& claims) {
  auto u = resolve(claims);
  if (!u) return u.error();
  return Identity{u->id, u->username, u->origin == "external"};
}

// The subject becomes the id when no user has it (ids stay the host platform's where they can);
// otherwise — a local user's id, or another issuer's user — the new user gets an id of its own.
core::Result<store::UserRow> IdentityResolver::provision_external(const TokenClaims& claims) {
  store::UserRow u;
  u.id = store_.users().by_id(claims.subject) ? core::new_uuid() : claims.subject;
  u.username = external_username(claims.username);
  u.username_key = core::to_lower_ascii(u.username);
  u.origin = "external";
  u.created_at = clock_.now_ms();
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (store_.users().insert_external(u, claims.issuer, claims.subject)) return u;
    // A concurrent first request mapped it, or the id or the name is taken: look, then retry fresh.
    if (auto existing = store_.users().by_external(claims.issuer, claims.subject)) return *existing;
    if (store_.users().by_id(u.id)) u.id = core::new_uuid();
    u.username = "user_" + core::random_hex(4);
    u.username_key = u.username;
  }
  return core::Error::conflict("username_taken", "Could not provision the external user");
}

void IdentityResolver::remember(const TokenClaims& claims, const store::UserRow& user) {
  std::lock_guard lock(mutex_);
  if (cache_.size() >= kCacheMax) cache_.clear();  // rare; the next requests refill it
  cache_[cache_key(claims)] = {Identity{user.id, user.username, user.origin == "external"},
                               clock_.now_ms() + kCacheTtlMs};
}

}  // namespace tc::domain
