#include "net/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/temp_dir.hpp"

using namespace tc::net;

TEST(StaticFiles, ResolvesOnlyFilesInsideTheRoot) {
  tc::test::TempDir dir;
  std::filesystem::create_directories(dir.path() + "/assets");
  std::ofstream(dir.path() + "/index.html") << "<html>";
  std::ofstream(dir.path() + "/assets/app.js") << "x";
  EXPECT_EQ(safe_file_under(dir.path(), "/assets/app.js"), dir.path() + "/assets/app.js");
  EXPECT_EQ(safe_file_under(dir.path(), "/index.html"), dir.path() + "/index.html");
  EXPECT_EQ(safe_file_under(dir.path(), "/../etc/passwd"), "");
  EXPECT_EQ(safe_file_under(dir.path(), "/assets/../../x"), "");
  EXPECT_EQ(safe_file_under(dir.path(), "/assets"), "");  // a directory
  EXPECT_EQ(safe_file_under(dir.path(), "/missing.js"), "");
}

TEST(StaticFiles, ContentTypes) {
  EXPECT_EQ(content_type_for("/a/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("x.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("v.m3u8"), "application/vnd.apple.mpegurl");
  EXPECT_EQ(content_type_for("noext"), "application/octet-stream");
}
