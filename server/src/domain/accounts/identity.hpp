#pragma once
#include <string>

namespace tc::domain {

// Who is calling, as proven by a server-verified token. Never built from client-sent ids.
struct Identity {
  std::string user_id;
  std::string username;
  bool external = false;  // from an RS256 token of the configured external issuer
};

}  // namespace tc::domain
