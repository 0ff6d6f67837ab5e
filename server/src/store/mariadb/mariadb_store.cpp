#include "store/mariadb/mariadb_store.hpp"

#include <soci/mysql/soci-mysql.h>

#include <boost/url/parse.hpp>

#include "store/soci/soci_store.hpp"

namespace tc::store {
namespace {
// SOCI's connect-string values are quoted with single quotes; a quote inside cannot be escaped.
std::string quoted(const std::string& v) {
  if (v.find('\'') != std::string::npos) throw StoreError("database URL values must not contain a single quote");
  return "'" + v + "'";
}
}  // namespace

MariaDbTarget parse_mariadb_url(const std::string& url) {
  auto r = boost::urls::parse_uri(url);
  if (!r) throw StoreError("bad database URL: " + r.error().message());
  const auto& u = *r;
  if (u.scheme() != "mysql" && u.scheme() != "mariadb") {
    throw StoreError("database URL scheme must be mysql:// or mariadb://");
  }
  MariaDbTarget t;
  t.user = u.user();
  t.password = u.password();
  if (!u.host().empty()) t.host = u.host();
  if (u.has_port()) t.port = u.port_number();
  std::string path = u.path();
  if (path.starts_with("/")) path.erase(0, 1);
  t.database = path;
  for (auto p : u.params()) {
    if (p.key == "socket") t.socket = p.value;
  }
  if (t.user.empty()) throw StoreError("database URL needs a user: mysql://user:pass@host:port/db");
  if (t.database.empty()) throw StoreError("database URL needs a database name: mysql://user:pass@host:port/db");
  return t;
}

std::string mariadb_connect_string(const MariaDbTarget& t, bool with_database, std::chrono::milliseconds io_timeout) {
  std::string s = "user=" + quoted(t.user) + " charset=utf8mb4 reconnect=1";
  if (io_timeout.count() > 0) {
    const auto secs = std::to_string((io_timeout.count() + 999) / 1000);
    s += " connect_timeout=" + secs + " read_timeout=" + secs + " write_timeout=" + secs;
  } else {
    s += " connect_timeout=5";
  }
  if (!t.password.empty()) s += " password=" + quoted(t.password);
  if (with_database) s += " db=" + quoted(t.database);
  if (!t.socket.empty()) {
    s += " unix_socket=" + quoted(t.socket);
  } else {
    s += " host=" + quoted(t.host) + " port=" + std::to_string(t.port);
  }
  return s;
}

std::unique_ptr<Store> open_mariadb_store(const std::string& url, int pool_size, std::chrono::milliseconds io_timeout) {
  const auto connect = mariadb_connect_string(parse_mariadb_url(url), true, io_timeout);
  auto db = std::make_unique<SociDb>(Dialect::mariadb, static_cast<size_t>(pool_size), [&](soci::session& s) {
    s.open(soci::mysql, connect);
    s << "SET NAMES utf8mb4 COLLATE utf8mb4_bin";
    s << "SET SESSION time_zone = '+00:00'";
  });
  return std::make_unique<SociStore>(std::move(db));
}

}  // namespace tc::store
