#include "store/migrations.hpp"

#include <sstream>

#include "core/text.hpp"

namespace tc::store {

std::vector<std::string> split_statements(const std::string& sql) {
  std::vector<std::string> out;
  std::string current;
  std::istringstream in(sql);
  std::string line;
  while (std::getline(in, line)) {
    const auto t = core::trim(line);
    if (t.empty() || t.starts_with("--")) continue;
    current += line;
    current += '\n';
    if (t.ends_with(";")) {
      auto stmt = std::string(core::trim(current));
      stmt.pop_back();  // the ';'
      out.push_back(std::move(stmt));
      current.clear();
    }
  }
  if (!core::trim(current).empty()) out.emplace_back(core::trim(current));
  return out;
}

}  // namespace tc::store
