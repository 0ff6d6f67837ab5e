#include "domain/alerts/alert_chain.hpp"

#include <boost/json/parse.hpp>

#include "domain/alerts/canonical_json.hpp"

namespace tc::domain {

ChainVerifier::ChainVerifier(std::string streamer_id) {
  report_.streamer_id = std::move(streamer_id);
  report_.head_hash = kGenesisHash;
}

void ChainVerifier::fail(int64_t seq, std::string problem) {
  if (report_.breaks.size() < kMaxBreaks) report_.breaks.push_back({seq, std::move(problem)});
}

void ChainVerifier::check(const store::AlertEventRow& row) {
  ++report_.entries;
  if (row.seq != next_seq_)
    fail(row.seq, "seq " + std::to_string(row.seq) + " where " + std::to_string(next_seq_) + " was due");
  if (row.prev_hash != report_.head_hash) fail(row.seq, "prev_hash is not the previous entry's hash");
  try {
    const auto v = boost::json::parse(row.body);
    const auto& o = v.as_object();
    if (canonical_json(v) != row.body) fail(row.seq, "the stored entry is not in canonical form");
    if (o.at("seq").to_number<int64_t>() != row.seq) fail(row.seq, "the entry's seq differs from the row's");
    if (o.at("kind").as_string() != row.kind) fail(row.seq, "the entry's kind differs from the row's");
    if (o.at("alert_id").as_string() != row.alert_id) fail(row.seq, "the entry's alert_id differs from the row's");
    if (o.at("streamer_id").as_string() != report_.streamer_id) fail(row.seq, "the entry names another channel");
  } catch (const std::exception& e) {
    fail(row.seq, std::string("the stored entry is not valid JSON of an entry: ") + e.what());
  }
  if (chain_hash(row.prev_hash, row.body) != row.hash) fail(row.seq, "hash does not match the entry");
  report_.head_hash = row.hash;
  next_seq_ = row.seq + 1;
}

}  // namespace tc::domain
