// Prometheus metrics of the web server: requests and latency per route and
// status class, plus gauges the Site fills in at scrape time. Thread-safe;
// Observe() takes one short lock.
#ifndef KHABAR_WEB_METRICS_H_
#define KHABAR_WEB_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace khabar::web {

class Metrics {
 public:
  // Latency histogram buckets, seconds.
  static constexpr std::array<double, 10> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.0};

  void Observe(const std::string& route, int status, double seconds);
  void CacheHit(bool hit);

  // The exposition text; `gauges` are (name, help, value) added as is.
  std::string Render(
      const std::vector<std::tuple<std::string, std::string, double>>& gauges)
      const;

 private:
  struct Series {
    uint64_t count = 0;
    double sum = 0;
    std::array<uint64_t, kBuckets.size()> buckets{};
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;  // route, status
  std::map<std::string, Series> latency_;                      // route
  uint64_t cache_hits_ = 0;
  uint64_t cache_misses_ = 0;
};

}  // namespace khabar::web

#endif  // KHABAR_WEB_METRICS_H_
