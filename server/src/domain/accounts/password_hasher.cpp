#include "domain/accounts/password_hasher.hpp"

#include <sodium.h>

#include <stdexcept>

namespace tc::domain {

PasswordHasher::PasswordHasher(const std::string& cost) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  if (cost == "min") {
    ops_ = crypto_pwhash_OPSLIMIT_MIN;
    mem_ = crypto_pwhash_MEMLIMIT_MIN;
  } else if (cost == "moderate") {
    ops_ = crypto_pwhash_OPSLIMIT_MODERATE;
    mem_ = crypto_pwhash_MEMLIMIT_MODERATE;
  } else {
    ops_ = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    mem_ = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  }
  dummy_hash_ = hash("tradecast-timing-equaliser");
}

std::string PasswordHasher::hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops_, mem_, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("argon2id: out of memory");
  }
  return out;
}

bool PasswordHasher::verify(const std::string& hash, std::string_view password) const {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::burn(std::string_view password) const { (void)verify(dummy_hash_, password); }

}  // namespace tc::domain
