// The HTTP/1.1 server: Boost.Beast on Asio, one io_context run by a few
// threads, one strand per connection. It owns transport only — limits,
// timeouts, keep-alive, graceful shutdown — and hands each complete request
// to a Handler (the Site), which must be thread-safe.
//
// Why Beast and not RESTinio (DESIGN.md §8): RESTinio 0.6 closes the
// connection without an answer on a malformed request or an oversized body,
// and reserves Content-Length bytes before any handler runs. Readers and
// clients deserve a 400 or a 413, and the body must not be buffered to be
// refused; Beast's parser hands us the header first.
//
// Limits (ServerOptions): header block, URL length, body size (checked from
// Content-Length before reading, and while reading a chunked body), a
// deadline for a request's headers once its first byte arrived (slow
// clients are cut off), an idle keep-alive timeout, and a connection cap.
#ifndef KHABAR_WEB_SERVER_H_
#define KHABAR_WEB_SERVER_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "base/status.h"
#include "web/http.h"

namespace khabar::web {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0 = any free port (see Server::port())
  int threads = 2;
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_target_bytes = 8 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_connections = 10000;
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds body_timeout{30000};
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds write_timeout{30000};
  // How long Shutdown() lets in-flight requests finish.
  std::chrono::milliseconds drain_timeout{10000};
};

using Handler = std::function<Response(const Request&)>;

class Server {
 public:
  // Binds and listens; an address in use or a bad bind address is an error.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options,
                                               Handler handler);
  ~Server();

  int port() const;
  // Serves until Shutdown(); returns when every connection is closed.
  void Run();
  // Stops accepting, lets in-flight requests finish (up to drain_timeout),
  // closes idle connections. Safe from any thread and from a signal watcher.
  void Shutdown();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace khabar::web

#endif  // KHABAR_WEB_SERVER_H_
