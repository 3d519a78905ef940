// A tiny HTTP/1.1 server for tests: a thread on 127.0.0.1 answering one
// connection at a time (Connection: close) from a table of routes. A route
// can serve a body with headers, answer If-None-Match with 304, redirect,
// stream a huge body generated on the fly (never held in memory) or trickle
// one byte every 100 ms forever; the server records the requests it got and
// how much of a stream it sent before the client hung up. Test-only;
// header-only so the tests of other layers (ingest) can use it too.
//
// Routes are set before the client asks; the recorded fields are read after
// WaitIdle() or Stop().
#ifndef KHABAR_NET_FAKE_HTTP_SERVER_H_
#define KHABAR_NET_FAKE_HTTP_SERVER_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace khabar::net::testing {

struct FakeHttpRoute {
  enum class Kind {
    kFixed,    // status, headers, body
    kStream,   // status, headers, then stream_bytes of 'x' made on the fly
    kTrickle,  // status, headers, then one byte every 100 ms, forever
  };
  Kind kind = Kind::kFixed;
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string body{};
  // When set: sent as ETag, and a request whose If-None-Match equals it
  // gets 304 Not Modified without a body.
  std::string etag{};
  uint64_t stream_bytes = 0;
  bool declare_length = true;  // Content-Length for kFixed and kStream
};

struct FakeHttpRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // names lower-cased
};

class FakeHttpServer {
 public:
  FakeHttpServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) !=
            0 ||
        ::listen(listener_, 8) != 0) {
      ::close(listener_);
      listener_ = -1;
      return;  // port() stays 0: connecting to it fails
    }
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeHttpServer() { Stop(); }
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  void Route(const std::string& path, FakeHttpRoute route) {
    std::lock_guard<std::mutex> lock(mu_);
    routes_[path] = std::move(route);
  }

  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (listener_ >= 0) ::close(listener_);
    listener_ = -1;
  }

  // Waits until no connection is being served (or `limit` passed); true
  // when idle.
  bool WaitIdle(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (busy_ && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return !busy_;
  }

  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  std::vector<FakeHttpRequest> requests;
  uint64_t streamed_bytes = 0;  // body bytes of the last kStream/kTrickle
  bool client_hung_up = false;  // it stopped before the stream's end

 private:
  void Serve() {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!stop_ && std::chrono::steady_clock::now() < deadline) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      busy_ = true;
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd >= 0) {
        Session(fd);
        ::close(fd);
      }
      busy_ = false;
    }
  }

  // Sends all of `data`; false when the client is gone or Stop() was called.
  bool Send(int fd, const char* data, std::size_t size) {
    while (size > 0) {
      pollfd p{fd, POLLOUT, 0};
      const int ready = ::poll(&p, 1, 20);
      if (stop_) return false;
      if (ready <= 0) continue;
      const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
      if (n <= 0) return false;
      data += n;
      size -= static_cast<std::size_t>(n);
    }
    return true;
  }
  bool Send(int fd, const std::string& text) {
    return Send(fd, text.data(), text.size());
  }

  // The request head, up to the blank line; false at EOF or after 5 s.
  bool ReadHead(int fd, std::string* head) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (head->find("\r\n\r\n") == std::string::npos) {
      if (stop_ || std::chrono::steady_clock::now() > deadline) return false;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      char chunk[4096];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      head->append(chunk, static_cast<std::size_t>(n));
    }
    return true;
  }

  static FakeHttpRequest Parse(const std::string& head) {
    FakeHttpRequest request;
    std::size_t at = head.find("\r\n");
    const std::string line = head.substr(0, at);
    const std::size_t space = line.find(' ');
    request.method = line.substr(0, space);
    request.path = line.substr(space + 1, line.rfind(' ') - space - 1);
    while (at != std::string::npos) {
      const std::size_t next = head.find("\r\n", at + 2);
      const std::string header = head.substr(at + 2, next - at - 2);
      at = next;
      const std::size_t colon = header.find(':');
      if (header.empty() || colon == std::string::npos) continue;
      std::string name = header.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      });
      std::size_t value = colon + 1;
      while (value < header.size() && header[value] == ' ') ++value;
      request.headers[name] = header.substr(value);
    }
    return request;
  }

  static std::string Reason(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 301:
        return "Moved Permanently";
      case 302:
        return "Found";
      case 304:
        return "Not Modified";
      case 404:
        return "Not Found";
      case 410:
        return "Gone";
      case 429:
        return "Too Many Requests";
      case 503:
        return "Service Unavailable";
      default:
        return "Whatever";
    }
  }

  void Session(int fd) {
    std::string head;
    if (!ReadHead(fd, &head)) return;
    FakeHttpRequest request = Parse(head);
    FakeHttpRoute route;
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests.push_back(request);
      const auto found = routes_.find(request.path);
      if (found == routes_.end()) {
        route.status = 404;
        route.body = "no route";
      } else {
        route = found->second;
      }
    }
    int status = route.status;
    if (!route.etag.empty() && request.headers["if-none-match"] == route.etag) {
      status = 304;
    }
    std::string reply = "HTTP/1.1 " + std::to_string(status) + " " +
                        Reason(status) + "\r\nConnection: close\r\n";
    if (!route.etag.empty()) reply += "ETag: " + route.etag + "\r\n";
    for (const auto& [name, value] : route.headers) {
      reply += name + ": " + value + "\r\n";
    }
    if (status == 304) {
      Send(fd, reply + "\r\n");
      return;
    }
    if (route.declare_length && route.kind != FakeHttpRoute::Kind::kTrickle) {
      const uint64_t length = route.kind == FakeHttpRoute::Kind::kFixed
                                  ? route.body.size()
                                  : route.stream_bytes;
      reply += "Content-Length: " + std::to_string(length) + "\r\n";
    }
    reply += "\r\n";
    if (!Send(fd, reply)) return;
    switch (route.kind) {
      case FakeHttpRoute::Kind::kFixed:
        Send(fd, route.body);
        break;
      case FakeHttpRoute::Kind::kStream:
        Stream(fd, route.stream_bytes);
        break;
      case FakeHttpRoute::Kind::kTrickle:
        Trickle(fd);
        break;
    }
  }

  void Stream(int fd, uint64_t total) {
    const std::string chunk(64 * 1024, 'x');
    streamed_bytes = 0;
    client_hung_up = false;
    while (streamed_bytes < total) {
      const std::size_t n = static_cast<std::size_t>(
          std::min<uint64_t>(chunk.size(), total - streamed_bytes));
      if (!Send(fd, chunk.data(), n)) {
        client_hung_up = !stop_;
        return;
      }
      streamed_bytes += n;
    }
  }

  void Trickle(int fd) {
    streamed_bytes = 0;
    client_hung_up = false;
    while (!stop_) {
      if (!Send(fd, "x", 1)) {
        client_hung_up = !stop_;
        return;
      }
      ++streamed_bytes;
      for (int i = 0; i < 5 && !stop_; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<bool> busy_{false};
  std::mutex mu_;
  std::map<std::string, FakeHttpRoute> routes_;
  std::thread thread_;
};

}  // namespace khabar::net::testing

#endif  // KHABAR_NET_FAKE_HTTP_SERVER_H_
