#pragma once
// `tradecast alerts verify [--channel ID]` (issue 13): recomputes every channel's alert log (or one)
// from its stored rows — seq continuity, prev_hash links, canonical form and each hash — read-only,
// safe while a server runs on the same database.
#include <string>

#include "core/config.hpp"

namespace tc::app {

// Exit 0 when every chain verifies, 1 with a report of each break (channel, seq, what is wrong).
int run_alerts_verify(const core::Config& cfg, const std::string& channel);

}  // namespace tc::app
