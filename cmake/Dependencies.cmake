# System libraries (Debian 12 packages installed by scripts/install-deps.sh).
find_package(Threads REQUIRED)
# Boost 1.81's own CMake package (libboost1.81-dev); plain libboost-dev would be 1.74.
find_package(Boost 1.81.0 EXACT CONFIG REQUIRED COMPONENTS json url system)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(OpenSSL REQUIRED)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
# Media (issue 5): GStreamer 1.22 in-process; webrtcbin's ICE is reached through its GObject API,
# so libnice headers are not needed. gio (with GLib, a GStreamer dependency): the HLS playlist is
# written through our own GOutputStream (media/gst/dated_playlist_stream).
pkg_check_modules(GST REQUIRED IMPORTED_TARGET gstreamer-1.0 gstreamer-app-1.0 gstreamer-video-1.0
  gstreamer-sdp-1.0 gstreamer-webrtc-1.0 gstreamer-codecparsers-1.0 gio-2.0)

# SOCI 4.0.3 ships no CMake config.
find_library(SOCI_CORE soci_core REQUIRED)
find_library(SOCI_SQLITE soci_sqlite3 REQUIRED)
find_library(SOCI_MYSQL soci_mysql REQUIRED)
find_library(SQLITE3_LIB sqlite3 REQUIRED)
find_library(MARIADB_LIB mariadb REQUIRED)

if(TC_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
