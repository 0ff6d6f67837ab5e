#pragma once
// Domain services over a real SQLite store in a temp dir (the domain has no fakes to hide behind).
#include <chrono>
#include <memory>

#include "domain/accounts/account_service.hpp"
#include "domain/streams/stream_service.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"

namespace tc::test {

struct ServiceFixture {
  TempDir dir;
  core::ManualClock clock{core::SystemClock().now_ms()};
  std::unique_ptr<store::Store> store = [this] {
    auto s = store::open_store("", dir.path(), 2);
    s->migrate();
    return s;
  }();
  domain::PasswordHasher hasher{"min"};
  domain::TokenService tokens{clock, {std::string(64, 's'), 3'600'000, std::nullopt, ""}};
  domain::AccountService accounts{*store, hasher, tokens, clock};
  domain::StreamService streams{*store, clock, 2};

  domain::Identity user(const std::string& name) {
    auto s = accounts.register_user(name, "password123");
    if (!s) throw std::runtime_error(s.error().code);
    return {s->user.id, s->user.username, false};
  }
};

}  // namespace tc::test
