#pragma once
// argon2id (libsodium). Blocking and deliberately expensive (~100 ms and 64 MiB at "interactive"):
// call only from the bounded auth pool, never from an I/O thread.
#include <string>
#include <string_view>

namespace tc::domain {

class PasswordHasher {
 public:
  // cost: "interactive" (default), "moderate" or "min" (tests and benchmarks).
  explicit PasswordHasher(const std::string& cost);

  std::string hash(std::string_view password) const;
  bool verify(const std::string& hash, std::string_view password) const;
  // Spends the same work as a verify against nothing, so a missing user is not told apart by timing.
  void burn(std::string_view password) const;

 private:
  unsigned long long ops_;
  size_t mem_;
  std::string dummy_hash_;
};

}  // namespace tc::domain
