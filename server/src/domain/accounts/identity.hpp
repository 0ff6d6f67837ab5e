#pragma once
#include <string>

namespace tc::domain {

// What a verified token says (TokenService::verify). Not yet someone who may act: an external
// token's `subject` is the issuer's id, not ours. IdentityResolver turns claims into an Identity.
struct TokenClaims {
  std::string subject;    // `sub`: our user id (local tokens) or the issuer's subject (external)
  std::string username;   // the display name the token carries
  bool external = false;  // an RS256 token of the configured external issuer
  std::string issuer;     // `iss` of an external token ("" when it has none)
};

// Who is calling: a stored user, resolved from a token's claims by IdentityResolver (REST and the
// socket's CONNECT alike). Never built from client-sent ids.
struct Identity {
  std::string user_id;
  std::string username;
  bool external = false;  // the user came from an external issuer
};

}  // namespace tc::domain
