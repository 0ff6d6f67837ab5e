#pragma once
// Numbered migrations per dialect, embedded at build time from store/migrations/<dialect>/NNNN_name.sql.
#include <string>
#include <vector>

namespace tc::store {

struct Migration {
  std::string dialect;  // "sqlite" | "mariadb"
  int version;
  std::string name;
  std::string sql;  // statements, each ending with ';' at the end of a line
};

const std::vector<Migration>& all_migrations();

// The statements of one migration, split at ';' line ends, comments and blank lines removed.
std::vector<std::string> split_statements(const std::string& sql);

}  // namespace tc::store
