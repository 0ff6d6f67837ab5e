#include "store/soci/soci_db.hpp"

#include <chrono>
#include <set>

#include "core/logging.hpp"
#include "store/migrations.hpp"
#include "store/store.hpp"

namespace tc::store {
namespace {

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::set<int> applied_versions(soci::session& sql) {
  std::set<int> out;
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT version FROM schema_migrations");
  for (const auto& r : rs) out.insert(static_cast<int>(row_i64(r, 0)));
  return out;
}

void record(soci::session& sql, const Migration& m) {
  long long at = now_ms();
  int version = m.version;
  std::string name = m.name;
  sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)", soci::use(version),
      soci::use(name), soci::use(at);
}

}  // namespace

SociDb::SociDb(Dialect dialect, size_t pool_size, const Opener& open)
    : dialect_(dialect), size_(pool_size), pool_(pool_size) {
  for (size_t i = 0; i < pool_size; ++i) open(pool_.at(i));
}

void SociDb::migrate() {
  auto log = core::logger("store.migrate");
  soci::session sql(pool_);
  const char* create =
      dialect_ == Dialect::sqlite
          ? "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at INTEGER NOT NULL)"
          : "CREATE TABLE IF NOT EXISTS schema_migrations (version INT NOT NULL PRIMARY KEY, name VARCHAR(200) "
            "NOT NULL, applied_at BIGINT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

  if (dialect_ == Dialect::sqlite) {
    // SQLite DDL is transactional: one IMMEDIATE transaction both serialises concurrent migrators
    // (other processes wait on the busy timeout) and makes all pending migrations atomic.
    sql << "BEGIN IMMEDIATE";
    try {
      sql << create;
      const auto done = applied_versions(sql);
      for (const auto& m : all_migrations()) {
        if (m.dialect != "sqlite" || done.count(m.version)) continue;
        for (const auto& stmt : split_statements(m.sql)) sql << stmt;
        record(sql, m);
        log->info("msg=\"applied migration\" dialect=sqlite version={} name={}", m.version, m.name);
      }
      sql << "COMMIT";
    } catch (...) {
      sql << "ROLLBACK";
      throw;
    }
    return;
  }

  // MariaDB DDL commits implicitly, so a named lock serialises migrators across nodes and each
  // statement is idempotent; a version is recorded only after all of its statements ran.
  int got = 0;
  sql << "SELECT GET_LOCK('tradecast_migrations', 60)", soci::into(got);
  if (got != 1) throw StoreError("could not take the migration lock within 60 s");
  try {
    sql << create;
    const auto done = applied_versions(sql);
    for (const auto& m : all_migrations()) {
      if (m.dialect != "mariadb" || done.count(m.version)) continue;
      for (const auto& stmt : split_statements(m.sql)) sql << stmt;
      record(sql, m);
      log->info("msg=\"applied migration\" dialect=mariadb version={} name={}", m.version, m.name);
    }
  } catch (...) {
    sql << "SELECT RELEASE_LOCK('tradecast_migrations')";
    throw;
  }
  sql << "SELECT RELEASE_LOCK('tradecast_migrations')";
}

int SociDb::schema_version() {
  soci::session sql(pool_);
  soci::indicator ind = soci::i_ok;
  long long v = 0;
  sql << "SELECT MAX(version) FROM schema_migrations", soci::into(v, ind);
  return ind == soci::i_null ? 0 : static_cast<int>(v);
}

bool SociDb::ping() noexcept {
  try {
    soci::session sql(pool_);
    int one = 0;
    sql << "SELECT 1", soci::into(one);
    return one == 1;
  } catch (...) {
    return false;
  }
}

WriteTx::WriteTx(SociDb& db, soci::session& sql) : db_(db), sql_(sql) {
  sql_ << (db_.dialect() == Dialect::sqlite ? "BEGIN IMMEDIATE" : "START TRANSACTION");
}

WriteTx::~WriteTx() {
  if (!active_) return;
  try {
    sql_ << "ROLLBACK";
  } catch (...) {
    // The connection is broken; the server rolls back on its own.
  }
}

void WriteTx::commit() {
  sql_ << "COMMIT";
  active_ = false;
}

const char* WriteTx::for_update() const { return db_.dialect() == Dialect::mariadb ? " FOR UPDATE" : ""; }

int64_t row_i64(const soci::row& r, size_t i) {
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer:
      return r.get<int>(i);
    case soci::dt_long_long:
      return r.get<long long>(i);
    case soci::dt_unsigned_long_long:
      return static_cast<int64_t>(r.get<unsigned long long>(i));
    case soci::dt_double:
      return static_cast<int64_t>(r.get<double>(i));
    case soci::dt_string:
      return std::stoll(r.get<std::string>(i));
    default:
      throw StoreError("column " + r.get_properties(i).get_name() + " is not an integer");
  }
}

std::string row_str(const soci::row& r, size_t i) {
  if (r.get_properties(i).get_data_type() == soci::dt_string) return r.get<std::string>(i);
  return std::to_string(row_i64(r, i));
}

std::optional<int64_t> row_opt_i64(const soci::row& r, size_t i) {
  if (r.get_indicator(i) == soci::i_null) return std::nullopt;
  return row_i64(r, i);
}

std::optional<std::string> row_opt_str(const soci::row& r, size_t i) {
  if (r.get_indicator(i) == soci::i_null) return std::nullopt;
  return row_str(r, i);
}

}  // namespace tc::store

#include <soci/mysql/soci-mysql.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace tc::store {

bool is_unique_violation(const std::exception& e) {
  if (const auto* s = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    return (s->result() & 0xff) == 19 /* SQLITE_CONSTRAINT */;
  }
  if (const auto* m = dynamic_cast<const soci::mysql_soci_error*>(&e)) {
    return m->err_num_ == 1062 /* ER_DUP_ENTRY */;
  }
  return false;
}

}  // namespace tc::store

namespace tc::store {

std::optional<StoreFailure> store_failure(const std::exception& e) {
  if (const auto* s = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    switch (s->result() & 0xff) {
      case 13:  // SQLITE_FULL: the disk (or the size limit) is full
      case 10:  // SQLITE_IOERR: a write or fsync failed, as ENOSPC on some file systems does
        return StoreFailure::full;
      default:
        return std::nullopt;
    }
  }
  if (const auto* m = dynamic_cast<const soci::mysql_soci_error*>(&e)) {
    switch (m->err_num_) {
      case 2002:  // CR_CONNECTION_ERROR (local socket)
      case 2003:  // CR_CONN_HOST_ERROR: refused or connect timed out
      case 2005:  // CR_UNKNOWN_HOST
      case 2006:  // CR_SERVER_GONE_ERROR
      case 2013:  // CR_SERVER_LOST: the connection broke or a read/write timed out mid-query
      case 2055:  // CR_SERVER_LOST_EXTENDED
      case 1040:  // ER_CON_COUNT_ERROR: too many connections
      case 1053:  // ER_SERVER_SHUTDOWN
      case 1927:  // ER_CONNECTION_KILLED
      case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT
        return StoreFailure::unavailable;
      case 1021:  // ER_DISK_FULL
      case 1114:  // ER_RECORD_FILE_FULL
        return StoreFailure::full;
      default:
        return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace tc::store
