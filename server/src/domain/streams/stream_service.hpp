#pragma once
// Streams: go live, end, look up, browse. Blocking (SQL): run on the DB pool.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/accounts/identity.hpp"
#include "store/store.hpp"

namespace tc::domain {

struct CreateStreamInput {
  std::string title;
  std::optional<std::string> description;
  std::optional<std::string> category;
};

struct ListStreamsInput {
  std::optional<std::string> status;
  std::optional<std::string> category;
  std::optional<std::string> streamer_id;
  std::optional<std::string> text;
  std::optional<std::string> cursor;
  std::optional<int> limit;
};

struct StreamPage {
  std::vector<store::StreamRow> streams;
  std::optional<std::string> next_cursor;
};

// Told about stream life-cycle changes (realtime closes rooms, media stops ingest). Called on the
// thread that made the change; implementations post to their own executors.
class StreamListener {
 public:
  virtual ~StreamListener() = default;
  virtual void on_stream_ended(const store::StreamRow& stream) = 0;
  virtual void on_stream_created(const store::StreamRow& stream) {}
};

class StreamService {
 public:
  StreamService(store::Store& store, const core::Clock& clock, int max_live_per_user);

  // Call at start-up only, before serving. Listeners are told in the order added.
  void add_listener(StreamListener* listener) { listeners_.push_back(listener); }

  // Errors: title_* / description_too_long / invalid_category / invalid_text (400),
  // too_many_live_streams (409).
  core::Result<store::StreamRow> create(const Identity& streamer, const CreateStreamInput& in);
  // Owner only (403 forbidden). Ending an ended stream returns it unchanged (idempotent).
  core::Result<store::StreamRow> end(const Identity& caller, const std::string& stream_id);
  core::Result<store::StreamRow> get(const std::string& stream_id);
  // Ends a stream on the server's own initiative (its publisher never came or is gone). No-op when
  // it already ended.
  core::Result<store::StreamRow> end_unattended(const std::string& stream_id);
  // Errors: invalid_status, invalid_category, invalid_cursor, invalid_limit, query_too_long (400).
  core::Result<StreamPage> list(const ListStreamsInput& in);

 private:
  store::Store& store_;          // borrowed, outlives us
  const core::Clock& clock_;     // borrowed
  int max_live_per_user_;
  core::Result<store::StreamRow> end_checked(store::StreamRow s);
  std::vector<StreamListener*> listeners_;  // borrowed; fixed after start-up
};

}  // namespace tc::domain
