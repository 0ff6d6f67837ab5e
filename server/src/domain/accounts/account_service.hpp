#pragma once
// Registration, login and "who am I". Blocking (argon2id and SQL): run on the auth pool.
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/accounts/identity.hpp"
#include "domain/accounts/identity_resolver.hpp"
#include "domain/accounts/password_hasher.hpp"
#include "domain/accounts/token_service.hpp"
#include "store/store.hpp"

namespace tc::domain {

struct AuthSession {
  store::UserRow user;
  TokenService::Issued token;
};

class AccountService {
 public:
  AccountService(store::Store& store, const PasswordHasher& hasher, const TokenService& tokens,
                 const core::Clock& clock);

  // Errors: username_* / password_* (400), username_taken (409).
  core::Result<AuthSession> register_user(std::string_view username, std::string_view password);
  // Errors: invalid_credentials (401) — the same for an unknown user and a wrong password.
  core::Result<AuthSession> login(std::string_view username, std::string_view password);
  // The stored row of a resolved identity. Errors: user_not_found (401).
  core::Result<store::UserRow> user_for(const Identity& who);
  // Token claims → the user who acts: the one check REST and the socket share (identity_resolver.hpp).
  IdentityResolver& identities() { return identities_; }

 private:
  store::Store& store_;           // borrowed, outlives us
  const PasswordHasher& hasher_;  // borrowed
  const TokenService& tokens_;    // borrowed
  const core::Clock& clock_;      // borrowed
  IdentityResolver identities_;   // owned
};

}  // namespace tc::domain
