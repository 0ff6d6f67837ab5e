#pragma once
// Verifies a channel's alert log (issue 13): entries fed in seq order are checked for continuity
// (seq 1, 2, …), linkage (prev_hash = the previous entry's hash, the first the genesis hash), form
// (the body is canonical JSON whose seq, kind, alert_id and streamer_id are the row's) and the hash
// itself. Used by `tradecast alerts verify` and the store contract tests. Pure.
#include <cstdint>
#include <string>
#include <vector>

#include "store/alert_store.hpp"

namespace tc::domain {

struct ChainBreak {
  int64_t seq = 0;
  std::string problem;
};

struct ChainReport {
  std::string streamer_id;
  int64_t entries = 0;
  std::string head_hash;           // of the last entry checked
  std::vector<ChainBreak> breaks;  // at most kMaxBreaks
  bool ok() const { return breaks.empty(); }
};

class ChainVerifier {
 public:
  static constexpr size_t kMaxBreaks = 100;
  explicit ChainVerifier(std::string streamer_id);
  void check(const store::AlertEventRow& row);
  const ChainReport& report() const { return report_; }

 private:
  void fail(int64_t seq, std::string problem);
  ChainReport report_;
  int64_t next_seq_ = 1;
};

}  // namespace tc::domain
