// Sending one message over SMTP, with libcurl: the envelope (MAIL FROM,
// RCPT TO), STARTTLS or implicit TLS, AUTH when credentials are given, and
// bounded connect and total timeouts. The message is sent as given (CRLF
// line ends expected; libcurl dot-stuffs lines that start with '.').
//
// Errors tell a retry apart from a give-up: IOError is temporary (the
// server could not be reached, timed out, answered 4xx, refused our
// credentials or TLS), InvalidArgument is permanent (a 5xx answer to the
// sender, the recipient or the data: this message will never be accepted).
//
// SmtpSend is thread-safe (every call has its own libcurl handle; libcurl's
// global state is set up once). An SmtpClient is not: one per thread.
#ifndef KHABAR_NET_SMTP_H_
#define KHABAR_NET_SMTP_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace khabar::net {

struct SmtpConfig {
  std::string url;  // smtp://host:port or smtps://host:port, no credentials
  std::string user, password;
  // STARTTLS on smtp://: required when true (CURLUSESSL_ALL), tried when
  // offered otherwise (CURLUSESSL_TRY). smtps:// is always TLS.
  bool require_tls = false;
  long timeout_ms = 30000;  // whole transaction; connecting gets a third
};

// Parses smtp[s]://[user[:password]@]host[:port][?starttls=required|optional
// &timeout_ms=N]. user and password may be percent-encoded. InvalidArgument
// for another scheme, a missing host or an unknown parameter.
Result<SmtpConfig> ParseSmtpUrl(std::string_view url);

// Sends messages over one connection, kept open between them while the
// server allows (libcurl reconnects when it has gone): a run of the outbox
// then pays the TCP, TLS and AUTH round trips once, not per message.
class SmtpClient {
 public:
  explicit SmtpClient(SmtpConfig config);
  ~SmtpClient();  // says QUIT
  SmtpClient(const SmtpClient&) = delete;
  SmtpClient& operator=(const SmtpClient&) = delete;

  // Sends `mime` from `from` to `to` (bare addresses).
  Status Send(std::string_view from, std::string_view to,
              std::string_view mime);

 private:
  SmtpConfig config_;
  void* curl_ = nullptr;  // CURL*, made by the first Send
};

// One message over its own connection.
Status SmtpSend(const SmtpConfig& config, std::string_view from,
                std::string_view to, std::string_view mime);

}  // namespace khabar::net

#endif  // KHABAR_NET_SMTP_H_
