#pragma once
// Building JSON replies, for REST bodies and Socket.IO payloads alike: an optional value is null
// when absent, a list of rows is an array of their JSON.
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>

#include <optional>

namespace tc::api {

// The value, or null when there is none.
template <class T>
boost::json::value nullable(const std::optional<T>& v) {
  if (!v) return nullptr;
  return boost::json::value_from(*v);
}

// One element per row, each made by `to_json`, in the rows' order.
template <class Rows, class ToJson>
boost::json::array json_array(const Rows& rows, ToJson to_json) {
  boost::json::array out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.emplace_back(to_json(r));
  return out;
}

}  // namespace tc::api
