#pragma once
// What the SQLite and MariaDB stores share: a SOCI connection pool, the dialect's few differences
// (how a write transaction takes its lock, how migrations are serialised) and row helpers.
// Sessions are not thread-safe: lease one per call with `soci::session sql(db.pool())`.
#include <soci/soci.h>

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace tc::store {

enum class Dialect { sqlite, mariadb };

class SociDb {
 public:
  using Opener = std::function<void(soci::session&)>;  // opens one pooled session (+ per-connection setup)
  SociDb(Dialect dialect, size_t pool_size, const Opener& open);

  Dialect dialect() const { return dialect_; }
  const char* dialect_name() const { return dialect_ == Dialect::sqlite ? "sqlite" : "mariadb"; }
  soci::connection_pool& pool() { return pool_; }

  void migrate();
  int schema_version();
  bool ping() noexcept;

 private:
  Dialect dialect_;
  size_t size_;
  soci::connection_pool pool_;
};

// A write transaction that takes its lock at the start: SQLite `BEGIN IMMEDIATE` (a deferred BEGIN
// would fail with SQLITE_BUSY on the first write after a read), MariaDB `START TRANSACTION` (callers
// lock what they read with SELECT … FOR UPDATE, see for_update()). Rolls back unless committed.
class WriteTx {
 public:
  WriteTx(SociDb& db, soci::session& sql);
  ~WriteTx();
  WriteTx(const WriteTx&) = delete;
  WriteTx& operator=(const WriteTx&) = delete;
  void commit();
  // " FOR UPDATE" on MariaDB, "" on SQLite (whose BEGIN IMMEDIATE already locks the database).
  const char* for_update() const;

 private:
  SociDb& db_;
  soci::session& sql_;
  bool active_ = true;
};

// Column readers that accept whatever integer/text type the backend reports for a column.
int64_t row_i64(const soci::row& r, size_t i);
std::string row_str(const soci::row& r, size_t i);
std::optional<int64_t> row_opt_i64(const soci::row& r, size_t i);
std::optional<std::string> row_opt_str(const soci::row& r, size_t i);

// A text column read as "" when NULL (a LEFT JOIN's missing username), for read_row().
struct EmptyIfNull {
  std::string& text;
};
inline void read_column(const soci::row& r, size_t i, std::string& v) { v = row_str(r, i); }
inline void read_column(const soci::row& r, size_t i, int64_t& v) { v = row_i64(r, i); }
inline void read_column(const soci::row& r, size_t i, int& v) { v = static_cast<int>(row_i64(r, i)); }
inline void read_column(const soci::row& r, size_t i, bool& v) { v = row_i64(r, i) != 0; }
inline void read_column(const soci::row& r, size_t i, EmptyIfNull v) { v.text = row_opt_str(r, i).value_or(""); }
template <class T>
void read_column(const soci::row& r, size_t i, std::optional<T>& v) {
  if (r.get_indicator(i) == soci::i_null) {
    v.reset();
    return;
  }
  T value{};
  read_column(r, i, value);
  v = std::move(value);
}

// Reads the row's columns, in select order, into `fields`, each as its type says: std::string,
// int64_t, int, bool (non-zero), std::optional of those (NULL is nullopt; a NULL into a plain field
// throws) or EmptyIfNull. One call lists a row struct's fields once, without column numbers to keep.
template <class... Fields>
void read_row(const soci::row& r, Fields&&... fields) {
  size_t i = 0;
  (read_column(r, i++, std::forward<Fields>(fields)), ...);
}

// An optional value bound as a nullable parameter: soci::use() keeps references to the value, the
// indicator and even its (empty) name argument, so all three live here for as long as the statement
// runs. Integers bind as long long.
template <class T>
struct Nullable {
  using Bound = std::conditional_t<std::is_integral_v<T>, long long, T>;
  explicit Nullable(const std::optional<T>& o) {
    if (o) {
      value = static_cast<Bound>(*o);
      ind = soci::i_ok;
    }
  }
  auto use() { return soci::use(value, ind, name); }
  Bound value{};
  soci::indicator ind = soci::i_null;
  const std::string name;  // positional binding: no name
};

// Runs a prepared statement once; how many rows it changed.
inline long long affected_rows(soci::statement st) {
  st.execute(true);
  return st.get_affected_rows();
}

// Parameters for a query built at run time. A deque, so their addresses stay valid while SOCI
// holds them bound.
using SqlParams = std::deque<std::variant<std::string, long long>>;

// Runs `query` with `params` bound in order and hands every result row to `each`.
template <class Each>
void for_rows(soci::session& sql, const std::string& query, SqlParams& params, Each each) {
  soci::row r;
  soci::statement st(sql);
  st.exchange(soci::into(r));
  for (auto& p : params) std::visit([&](auto& v) { st.exchange(soci::use(v)); }, p);
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  if (st.execute(true)) {
    do {
      each(r);
    } while (st.fetch());
  }
}

}  // namespace tc::store

namespace tc::store {
// True when `e` is a UNIQUE/PRIMARY KEY violation reported by either backend.
bool is_unique_violation(const std::exception& e);
}  // namespace tc::store
