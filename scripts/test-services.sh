#!/usr/bin/env bash
# Starts the services the test suite runs against (MariaDB, Redis) on loopback, if not running,
# and creates the `tradecast` MariaDB user. Works without systemd. Idempotent.
set -euo pipefail

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

start_mariadb() {
  if mysqladmin --socket=/run/mysqld/mysqld.sock ping >/dev/null 2>&1; then return; fi
  $SUDO mkdir -p /run/mysqld
  $SUDO chown mysql:mysql /run/mysqld
  if [ ! -d /var/lib/mysql/mysql ]; then
    $SUDO mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  fi
  $SUDO start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql \
    --bind-address=127.0.0.1 --port=3306 --innodb-flush-log-at-trx-commit=1
  for _ in $(seq 1 100); do
    mysqladmin --socket=/run/mysqld/mysqld.sock ping >/dev/null 2>&1 && return
    sleep 0.2
  done
  echo "test-services: MariaDB did not start" >&2
  exit 1
}

start_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return; fi
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return
    sleep 0.1
  done
  echo "test-services: Redis did not start" >&2
  exit 1
}

start_mariadb
# Debian's root logs in only over the socket; tests connect over TCP as `tradecast`, who may create
# the throw-away databases each suite uses.
$SUDO mysql --socket=/run/mysqld/mysqld.sock -uroot <<'SQL'
CREATE USER IF NOT EXISTS 'tradecast'@'127.0.0.1' IDENTIFIED BY 'tradecast';
CREATE USER IF NOT EXISTS 'tradecast'@'localhost' IDENTIFIED BY 'tradecast';
GRANT ALL ON *.* TO 'tradecast'@'127.0.0.1';
GRANT ALL ON *.* TO 'tradecast'@'localhost';
SQL
start_redis
echo "test-services: MariaDB on 127.0.0.1:3306 (tradecast/tradecast), Redis on 127.0.0.1:6379"
