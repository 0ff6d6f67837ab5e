// Until web/dist is built, "/" serves a small page listing live streams from the REST API.
#include <filesystem>

#include "api/rest/routes.hpp"
#include "net/static_files.hpp"

namespace tc::api {
namespace {
constexpr const char* kPage = R"html(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Tradecast</title>
<style>body{font-family:system-ui,sans-serif;background:#0f1115;color:#e6e6e6;max-width:760px;margin:2rem auto;padding:0 1rem}
li{margin:.4rem 0}.live{color:#ff4d4f;font-weight:600}small{color:#999}</style></head>
<body><h1>Tradecast</h1><p>The web app is not built on this server (run <code>make build</code>). Live now:</p>
<ul id="streams"><li>Loading…</li></ul>
<script>
fetch('/api/v1/streaming?status=LIVE').then(r => r.json()).then(d => {
  const ul = document.getElementById('streams'); ul.textContent = '';
  if (!d.streams || !d.streams.length) { ul.innerHTML = '<li>No one is live right now.</li>'; return; }
  for (const s of d.streams) {
    const li = document.createElement('li');
    const live = document.createElement('span'); live.className = 'live'; live.textContent = 'LIVE ';
    const t = document.createElement('span'); t.textContent = s.title;
    const m = document.createElement('small'); m.textContent = ' — ' + s.streamer_username + ' · ' + s.category + ' · ' + s.viewer_count + ' watching';
    li.append(live, t, m); ul.append(li);
  }
}).catch(() => { document.getElementById('streams').innerHTML = '<li>Could not load streams.</li>'; });
</script></body></html>)html";
}  // namespace

void add_web_fallback(net::Router& router, const std::string& web_dir) {
  std::error_code ec;
  if (!web_dir.empty() && std::filesystem::is_regular_file(std::filesystem::path(web_dir) / "index.html", ec)) {
    router.set_fallback(net::make_spa_handler(web_dir));
    return;
  }
  router.set_fallback([](net::HttpRequest& req) -> boost::asio::awaitable<net::HttpResponse> {
    if (req.method == "GET" && req.path == "/") {
      co_return net::HttpResponse::text(200, kPage, "text/html; charset=utf-8");
    }
    co_return net::HttpResponse::error(404, "not_found", "No such endpoint");
  });
}

}  // namespace tc::api
