#pragma once
// How Socket.IO events are answered: an ack {ok:true, ...} or {ok:false, error:{code,message}}; a
// refused event sent without an ack gets an `error` event instead, so failures are never silent.
#include <boost/json/object.hpp>

#include "core/error.hpp"
#include "realtime/socketio/namespace.hpp"

namespace tc::api {

void reply_ok(realtime::socketio::Socket& socket, const realtime::socketio::Event& event,
              boost::json::object fields = {});
void reply_error(realtime::socketio::Socket& socket, const realtime::socketio::Event& event, const core::Error& error);

// The event's first argument as an object, or invalid_payload.
core::Result<const boost::json::object*> event_object(const realtime::socketio::Event& event);
// A string field of at most `max_bytes`, or invalid_<name>.
core::Result<std::string> string_field(const boost::json::object& o, std::string_view name, size_t max_bytes,
                                       bool required = true);

}  // namespace tc::api
