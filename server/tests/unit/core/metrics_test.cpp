#include "core/metrics.hpp"

#include <gtest/gtest.h>

using namespace tc::core;

TEST(Metrics, RendersPrometheusText) {
  MetricsRegistry m;
  m.counter("tradecast_test_total", "A counter", {{"route", "/a\"b"}}).inc(3);
  m.gauge("tradecast_test_gauge", "A gauge").set(-2);
  auto& h = m.histogram("tradecast_test_seconds", "A histogram", {0.1, 1});
  h.observe(0.05);
  h.observe(0.5);
  h.observe(5);
  m.gauge_fn("tradecast_test_fn", "Computed", [] { return 1.5; });
  const auto text = m.render();
  EXPECT_NE(text.find("# TYPE tradecast_test_total counter"), std::string::npos);
  EXPECT_NE(text.find("tradecast_test_total{route=\"/a\\\"b\"} 3"), std::string::npos);
  EXPECT_NE(text.find("tradecast_test_gauge -2"), std::string::npos);
  EXPECT_NE(text.find("tradecast_test_seconds_bucket{le=\"0.1\"} 1"), std::string::npos);
  EXPECT_NE(text.find("tradecast_test_seconds_bucket{le=\"1\"} 2"), std::string::npos);
  EXPECT_NE(text.find("tradecast_test_seconds_bucket{le=\"+Inf\"} 3"), std::string::npos);
  EXPECT_NE(text.find("tradecast_test_seconds_count 3"), std::string::npos);
  EXPECT_NE(text.find("tradecast_test_fn 1.5"), std::string::npos);
}

TEST(Metrics, SameNameAndLabelsIsTheSameSeries) {
  MetricsRegistry m;
  m.counter("c_total", "c", {{"a", "1"}}).inc();
  m.counter("c_total", "c", {{"a", "1"}}).inc();
  EXPECT_EQ(m.counter("c_total", "c", {{"a", "1"}}).value(), 2u);
  EXPECT_THROW(m.gauge("c_total", "c"), std::logic_error);
}

TEST(Metrics, GaugeSetSeriesFollowTheCallback) {
  MetricsRegistry m;
  MetricsRegistry::Samples now = {{{{"stream", "a"}}, 2}, {{{"stream", "b"}, {"protocol", "whep"}}, 0.5}};
  m.gauge_set_fn("tradecast_test_per_stream", "Per stream", [&] { return now; });
  auto text = m.render();
  EXPECT_NE(text.find("# TYPE tradecast_test_per_stream gauge"), std::string::npos);
  EXPECT_NE(text.find("tradecast_test_per_stream{stream=\"a\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("tradecast_test_per_stream{stream=\"b\",protocol=\"whep\"} 0.5\n"), std::string::npos);
  now.erase(now.begin());  // stream a ended: its series goes away
  text = m.render();
  EXPECT_EQ(text.find("stream=\"a\""), std::string::npos);
  EXPECT_NE(text.find("tradecast_test_per_stream{stream=\"b\",protocol=\"whep\"} 0.5\n"), std::string::npos);
}
