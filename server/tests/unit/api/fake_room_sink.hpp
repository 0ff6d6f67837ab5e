#pragma once
// A RoomSink that records what each stream's room would hear, for the /streaming parts' unit tests.
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <mutex>
#include <string>
#include <vector>

#include "api/events/streaming/room_sink.hpp"

namespace tc::test {

class FakeRoomSink final : public api::RoomSink {
 public:
  struct Sent {
    std::string stream_id;
    std::string event;
    boost::json::array args;
  };
  void to_room(const std::string& stream_id, std::string_view event, const boost::json::array& args) override {
    std::lock_guard lock(mutex_);
    sent_.push_back({stream_id, std::string(event), args});
  }
  std::vector<Sent> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Sent> sent_;
};

}  // namespace tc::test
