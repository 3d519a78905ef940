#include "web/server.h"

#include <sys/resource.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace khabar::web {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Many idle keep-alive connections need file descriptors: lift the soft
// limit to the hard one.
void RaiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

class Session;

}  // namespace

struct Server::Impl {
  explicit Impl(const ServerOptions& opts, Handler h)
      : options(opts),
        handler(std::move(h)),
        ioc(std::max(1, opts.threads)),
        acceptor(ioc),
        signals(ioc),
        control(net::make_strand(ioc)),
        drain_timer(control),
        accept_backoff(ioc) {}

  void Accept();
  void BeginShutdown();
  void Register(Session* s, std::weak_ptr<Session> w) {
    std::lock_guard lock(mu);
    sessions.emplace(s, std::move(w));
  }
  void Unregister(Session* s) {
    std::lock_guard lock(mu);
    sessions.erase(s);
    if (draining && sessions.empty() && running) {
      net::post(control, [this] { drain_timer.cancel(); });
    }
  }

  ServerOptions options;
  Handler handler;
  // Declared before ioc so that they outlive it: when Run() stopped at the
  // drain timeout, destroying ioc destroys queued handlers, and with them
  // the last Session references, whose destructors call Unregister().
  std::atomic<bool> draining{false};
  std::atomic<bool> running{true};  // false once Run() returned
  std::mutex mu;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::signal_set signals;
  // Shutdown state (the drain timer) is touched only on this strand.
  net::strand<net::io_context::executor_type> control;
  net::steady_timer drain_timer;
  net::steady_timer accept_backoff;
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server)
      : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    const tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = peer.address().to_string();
    stream_.socket().set_option(tcp::no_delay(true), ec);
  }
  ~Session() { server_.Unregister(this); }

  void Start() {
    server_.Register(this, weak_from_this());
    net::dispatch(stream_.get_executor(),
                  [self = shared_from_this()] { self->WaitForRequest(); });
  }

  // Called (on this session's strand) when the server drains: an idle
  // connection closes now; a busy one closes after its response.
  void CloseIfIdle() {
    if (!busy_) {
      beast::error_code ec;
      stream_.socket().cancel(ec);
    }
  }

  net::any_io_executor executor() { return stream_.get_executor(); }

 private:
  const ServerOptions& options() const { return server_.options; }

  // Idle phase: wait for the first byte of the next request.
  void WaitForRequest() {
    busy_ = false;
    if (server_.draining) return Close();
    if (buffer_.size() > 0) return ReadHeader();
    stream_.expires_after(options().idle_timeout);
    stream_.async_read_some(
        buffer_.prepare(4096),
        [self = shared_from_this()](beast::error_code ec, std::size_t n) {
          if (ec) return self->Close();
          self->buffer_.commit(n);
          self->ReadHeader();
        });
  }

  void ReadHeader() {
    busy_ = true;
    parser_.emplace();
    parser_->body_limit(options().max_body_bytes);
    header_bytes_ = 0;
    stream_.expires_after(options().header_timeout);
    ParseHeader();
  }

  // Feeds buffered bytes to the parser, reading more until the header is
  // complete. Not http::async_read_header: Beast 1.74 applies header_limit
  // only to the bytes not yet parsed at each read, and the fields parsed in
  // earlier reads are consumed, so a header block sent in pieces was never
  // limited. Here every byte of the header counts.
  void ParseHeader() {
    const std::size_t limit = options().max_header_bytes;
    if (buffer_.size() > 0) {
      parser_->header_limit(static_cast<std::uint32_t>(limit - header_bytes_));
      beast::error_code ec;
      const std::size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      header_bytes_ += used;
      if (ec && ec != http::error::need_more) return OnHeader(ec);
      if (parser_->is_header_done()) return OnHeader({});
    }
    if (header_bytes_ + buffer_.size() >= limit) {
      return OnHeader(http::error::header_limit);
    }
    stream_.async_read_some(
        buffer_.prepare(limit - header_bytes_ - buffer_.size()),
        [self = shared_from_this()](beast::error_code ec, std::size_t n) {
          if (ec) return self->OnHeader(ec);
          self->buffer_.commit(n);
          self->ParseHeader();
        });
  }

  void OnHeader(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == net::error::eof ||
        ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset) {
      return Close();  // gone, or too slow: cut off without an answer
    }
    if (ec == http::error::header_limit) {
      return SendError(431, "Request Header Fields Too Large");
    }
    // The parser refuses a Content-Length over body_limit while still
    // parsing the header, before the check below could see it.
    if (ec == http::error::body_limit) {
      return SendError(413, "Payload Too Large");
    }
    if (ec) return SendError(400, "Bad Request");
    const auto& req = parser_->get();
    if (req.target().size() > options().max_target_bytes) {
      return SendError(414, "URI Too Long");
    }
    if (auto length = parser_->content_length();
        length && *length > options().max_body_bytes) {
      return SendError(413, "Payload Too Large");
    }
    if (parser_->is_done()) return Dispatch();
    stream_.expires_after(options().body_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) {
          if (ec == http::error::body_limit) {
            return self->SendError(413, "Payload Too Large");
          }
          if (ec == beast::error::timeout || ec == net::error::eof ||
              ec == net::error::connection_reset ||
              ec == net::error::operation_aborted) {
            return self->Close();
          }
          if (ec) return self->SendError(400, "Bad Request");
          self->Dispatch();
        });
  }

  void Dispatch() {
    http::request<http::string_body> req = parser_->release();
    Request request;
    request.method.assign(req.method_string().data(),
                          req.method_string().size());
    request.target.assign(req.target().data(), req.target().size());
    request.headers.reserve(std::distance(req.begin(), req.end()));
    for (const auto& field : req) {
      const auto name = field.name_string();
      const auto value = field.value();
      request.headers.emplace_back(
          Lowercase(std::string_view(name.data(), name.size())),
          std::string(value.data(), value.size()));
    }
    request.body = std::move(req.body());
    request.remote = remote_;

    Response out;
    try {
      out = server_.handler(request);
    } catch (const std::exception&) {
      out = Response{};
      out.status = 500;
      out.content_type = "text/plain; charset=utf-8";
      out.body = "Internal Server Error\n";
    }
    const bool keep_alive = req.keep_alive() && !server_.draining;
    res_ = {};
    res_.version(11);
    res_.result(static_cast<unsigned>(out.status));
    res_.set(http::field::server, "khabar");
    res_.set(http::field::content_type, out.content_type);
    for (auto& [name, value] : out.headers) res_.insert(name, value);
    res_.keep_alive(keep_alive);
    // The body is written from a shared string: a cached page is never
    // copied per request.
    body_ = out.shared_body
                ? std::move(out.shared_body)
                : std::make_shared<const std::string>(std::move(out.body));
    if (request.method == "HEAD") {
      res_.content_length(body_->size());
    } else {
      res_.body() = beast::span<const char>(body_->data(), body_->size());
      res_.prepare_payload();
    }
    Write(keep_alive);
  }

  // A transport-level refusal: answer, then close (the rest of the request
  // is never read).
  void SendError(int status, std::string_view reason) {
    busy_ = true;
    res_ = {};
    res_.version(11);
    res_.result(static_cast<unsigned>(status));
    res_.set(http::field::server, "khabar");
    res_.set(http::field::content_type, "text/plain; charset=utf-8");
    res_.keep_alive(false);
    body_ = std::make_shared<const std::string>(std::string(reason) + "\n");
    res_.body() = beast::span<const char>(body_->data(), body_->size());
    res_.prepare_payload();
    Write(false);
  }

  void Write(bool keep_alive) {
    stream_.expires_after(options().write_timeout);
    http::async_write(stream_, res_,
                      [self = shared_from_this(), keep_alive](
                          beast::error_code ec, std::size_t) {
                        // An idle keep-alive connection need not hold
                        // on to the page it last sent.
                        self->res_ = {};
                        self->body_.reset();
                        if (ec) return self->Close();
                        if (!keep_alive) return self->LingerClose();
                        self->WaitForRequest();
                      });
  }

  // After a refusal the client may still be sending: stop our side, read
  // and discard for a moment so the answer is not lost to a TCP reset,
  // then close.
  void LingerClose() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
    Drain();
  }

  void Drain() {
    stream_.async_read_some(
        net::buffer(scratch_),
        [self = shared_from_this()](beast::error_code ec, std::size_t n) {
          self->drained_ += n;
          if (ec || self->drained_ > kMaxDrainBytes) return self->Close();
          self->Drain();
        });
  }

  void Close() {
    busy_ = false;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  static constexpr std::size_t kMaxDrainBytes = 4 * 1024 * 1024;

  beast::tcp_stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::size_t header_bytes_ = 0;  // of the current request, parsed so far
  http::response<http::span_body<const char>> res_;
  std::shared_ptr<const std::string> body_;  // what res_'s span points into
  std::string remote_;
  bool busy_ = false;
  std::array<char, 16 * 1024> scratch_{};
  std::size_t drained_ = 0;
};

}  // namespace

void Server::Impl::Accept() {
  acceptor.async_accept(
      net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
        if (!ec) {
          bool full = false;
          {
            std::lock_guard lock(mu);
            full = sessions.size() >= options.max_connections;
          }
          if (full || draining) {
            beast::error_code ignored;
            socket.close(ignored);
          } else {
            std::make_shared<Session>(std::move(socket), *this)->Start();
          }
        } else {
          // Out of descriptors or memory: back off instead of spinning.
          accept_backoff.expires_after(std::chrono::milliseconds(50));
          accept_backoff.async_wait([this](beast::error_code wait_ec) {
            if (!wait_ec && acceptor.is_open()) Accept();
          });
          return;
        }
        Accept();
      });
}

void Server::Impl::BeginShutdown() {
  if (draining.exchange(true)) return;
  beast::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(mu);
    for (auto& [raw, weak] : sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) {
    net::dispatch(s->executor(), [s] { s->CloseIfIdle(); });
  }
  drain_timer.expires_after(options.drain_timeout);
  drain_timer.async_wait([this](beast::error_code ec) {
    if (!ec) ioc.stop();  // in-flight requests overran the drain timeout
  });
  live.clear();
  std::lock_guard lock(mu);
  if (sessions.empty()) drain_timer.cancel();
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options,
                                              Handler handler) {
  RaiseFileLimit();
  auto impl = std::make_unique<Impl>(options, std::move(handler));
  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(options.bind, ec);
  if (ec) return Status::InvalidArgument("bad bind address: " + options.bind);
  if (options.port < 0 || options.port > 65535) {
    return Status::InvalidArgument("bad port: " + std::to_string(options.port));
  }
  const tcp::endpoint endpoint(address,
                               static_cast<unsigned short>(options.port));
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::IOError("listen on " + options.bind + ":" +
                           std::to_string(options.port) + ": " + ec.message());
  }
  impl->signals.add(SIGINT, ec);
  impl->signals.add(SIGTERM, ec);
  Impl* raw = impl.get();
  impl->signals.async_wait([raw](beast::error_code ec, int) {
    if (!ec) net::post(raw->control, [raw] { raw->BeginShutdown(); });
  });
  impl->Accept();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

int Server::port() const { return impl_->acceptor.is_open()
                                      ? impl_->acceptor.local_endpoint().port()
                                      : 0; }

void Server::Run() {
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.threads; ++i) {
    threads.emplace_back([this] { impl_->ioc.run(); });
  }
  impl_->ioc.run();
  for (std::thread& t : threads) t.join();
  impl_->running = false;
}

void Server::Shutdown() {
  net::post(impl_->control, [impl = impl_.get()] { impl->BeginShutdown(); });
}

}  // namespace khabar::web
