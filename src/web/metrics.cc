#include "web/metrics.h"

#include <cstdio>
#include <tuple>

namespace khabar::web {
namespace {

std::string Number(double v) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// Route patterns are ours ("/article/{id}"), but escape anyway.
std::string Label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::Observe(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route, status}];
  Series& s = latency_[route];
  ++s.count;
  s.sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++s.buckets[i];
  }
}

void Metrics::CacheHit(bool hit) {
  std::lock_guard lock(mu_);
  ++(hit ? cache_hits_ : cache_misses_);
}

std::string Metrics::Render(
    const std::vector<std::tuple<std::string, std::string, double>>& gauges)
    const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP khabar_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE khabar_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out += "khabar_http_requests_total{route=\"" + Label(key.first) +
           "\",status=\"" + std::to_string(key.second) + "\"} " +
           std::to_string(n) + "\n";
  }
  out += "# HELP khabar_http_request_duration_seconds Time to answer, by route.\n";
  out += "# TYPE khabar_http_request_duration_seconds histogram\n";
  for (const auto& [route, s] : latency_) {
    const std::string r = Label(route);
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out += "khabar_http_request_duration_seconds_bucket{route=\"" + r +
             "\",le=\"" + Number(kBuckets[i]) + "\"} " +
             std::to_string(s.buckets[i]) + "\n";
    }
    out += "khabar_http_request_duration_seconds_bucket{route=\"" + r +
           "\",le=\"+Inf\"} " + std::to_string(s.count) + "\n";
    out += "khabar_http_request_duration_seconds_sum{route=\"" + r + "\"} " +
           Number(s.sum) + "\n";
    out += "khabar_http_request_duration_seconds_count{route=\"" + r + "\"} " +
           std::to_string(s.count) + "\n";
  }
  out += "# HELP khabar_page_cache_requests_total Page cache lookups.\n";
  out += "# TYPE khabar_page_cache_requests_total counter\n";
  out += "khabar_page_cache_requests_total{result=\"hit\"} " +
         std::to_string(cache_hits_) + "\n";
  out += "khabar_page_cache_requests_total{result=\"miss\"} " +
         std::to_string(cache_misses_) + "\n";
  for (const auto& [name, help, value] : gauges) {
    out += "# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n";
    out += name + " " + Number(value) + "\n";
  }
  return out;
}

}  // namespace khabar::web
