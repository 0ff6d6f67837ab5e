#include "domain/accounts/account_service.hpp"

#include "core/ids.hpp"
#include "core/text.hpp"
#include "domain/accounts/username_rules.hpp"

namespace tc::domain {
namespace {

core::Error invalid_credentials() {
  return core::Error::unauthenticated("invalid_credentials", "Wrong username or password");
}

}  // namespace

AccountService::AccountService(store::Store& store, const PasswordHasher& hasher, const TokenService& tokens,
                               const core::Clock& clock)
    : store_(store), hasher_(hasher), tokens_(tokens), clock_(clock), identities_(store, clock) {}

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
  return core::Error::unauthenticated("user_not_found", "The token's user no longer exists");
}

}  // namespace tc::domain
