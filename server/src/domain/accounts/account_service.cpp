#include "domain/accounts/account_service.hpp"

#include "core/ids.hpp"
#include "core/text.hpp"
#include "domain/accounts/username_rules.hpp"

namespace tc::domain {
namespace {

core::Error invalid_credentials() {
  return core::Error::unauthenticated("invalid_credentials", "Wrong username or password");
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

}  // namespace

AccountService::AccountService(store::Store& store, const PasswordHasher& hasher, const TokenService& tokens,
                               const core::Clock& clock)
    : store_(store), hasher_(hasher), tokens_(tokens), clock_(clock) {}

core::Result<AuthSession> AccountService::register_user(std::string_view username, std::string_view password) {
  if (auto s = validate_username(username); !s) return s.error();
  if (auto s = validate_password(password); !s) return s.error();
  store::UserRow u;
  u.id = core::new_uuid();
  u.username = std::string(username);
  u.username_key = core::to_lower_ascii(username);
  // Cheap pre-check so a taken name does not cost a hash; the unique index decides races.
  if (store_.users().by_username_key(u.username_key)) {
    return core::Error::conflict("username_taken", "This username is already taken");
  }
  u.password_hash = hasher_.hash(password);
  u.created_at = clock_.now_ms();
  if (!store_.users().insert(u)) return core::Error::conflict("username_taken", "This username is already taken");
  return AuthSession{u, tokens_.issue({u.id, u.username, false})};
}

core::Result<AuthSession> AccountService::login(std::string_view username, std::string_view password) {
  if (username.empty() || username.size() > kUsernameMax || password.size() > kPasswordMax) {
    return invalid_credentials();
  }
  auto user = store_.users().by_username_key(core::to_lower_ascii(username));
  if (!user || !user->password_hash) {
    hasher_.burn(password);
    return invalid_credentials();
  }
  if (!hasher_.verify(*user->password_hash, password)) return invalid_credentials();
  return AuthSession{*user, tokens_.issue({user->id, user->username, false})};
}

core::Result<store::UserRow> AccountService::user_for(const Identity& who) {
  if (auto u = store_.users().by_id(who.user_id)) return *u;
  if (!who.external) return core::Error::unauthenticated("user_not_found", "The token's user no longer exists");
  store::UserRow u;
  u.id = who.user_id;
  u.username = external_username(who.username);
  u.username_key = core::to_lower_ascii(u.username);
  u.origin = "external";
  u.created_at = clock_.now_ms();
  if (!store_.users().insert(u)) {
    // Either a concurrent first request created it, or the name is taken by someone else.
    if (auto existing = store_.users().by_id(who.user_id)) return *existing;
    u.username = "user_" + core::random_hex(4);
    u.username_key = u.username;
    if (!store_.users().insert(u)) {
      if (auto existing = store_.users().by_id(who.user_id)) return *existing;
      return core::Error::conflict("username_taken", "Could not provision the external user");
    }
  }
  return u;
}

}  // namespace tc::domain
