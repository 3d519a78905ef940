#include "net/smtp.h"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "net/curl_init.h"

namespace khabar::net {
namespace {

constexpr long kMinTimeoutMs = 100;
constexpr long kMaxTimeoutMs = 10 * 60 * 1000;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) {
      return Status::InvalidArgument("truncated %-escape in SMTP URL");
    }
    const int hi = HexValue(text[i + 1]);
    const int lo = HexValue(text[i + 2]);
    if (hi < 0 || lo < 0) {
      return Status::InvalidArgument("bad %-escape in SMTP URL");
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 32 || u == 127;
  });
}

Status ParseQuery(std::string_view query, SmtpConfig* config) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view()
                                          : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (key == "starttls") {
      if (value == "required") {
        config->require_tls = true;
      } else if (value == "optional" || value == "try") {
        config->require_tls = false;
      } else {
        return Status::InvalidArgument(
            "starttls must be 'required' or 'optional'");
      }
    } else if (key == "timeout_ms") {
      long ms = 0;
      const auto [end, ec] =
          std::from_chars(value.data(), value.data() + value.size(), ms);
      if (ec != std::errc() || end != value.data() + value.size() ||
          ms < kMinTimeoutMs || ms > kMaxTimeoutMs) {
        return Status::InvalidArgument("timeout_ms must be 100..600000");
      }
      config->timeout_ms = ms;
    } else {
      return Status::InvalidArgument("unknown SMTP URL parameter: " +
                                     std::string(key));
    }
  }
  return Status::Ok();
}

// libcurl pulls the message through this.
struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count,
                       void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t room = size * count;
  const std::size_t n = std::min(room, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// An SMTP transaction that failed: which kind of failure it is.
Status MapFailure(CURLcode rc, long response, const char* detail) {
  std::string message = curl_easy_strerror(rc);
  if (detail != nullptr && detail[0] != '\0') {
    message += std::string(" (") + detail + ")";
  }
  if (response > 0) message += "; server said " + std::to_string(response);
  // A refused login is the operator's to fix: keep the mail and retry.
  if (rc == CURLE_LOGIN_DENIED) return Status::IOError(message);
  if (response >= 500 && response < 600) {
    return Status::InvalidArgument(message);
  }
  return Status::IOError(message);
}

struct SlistCleanup {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

Result<SmtpConfig> ParseSmtpUrl(std::string_view url) {
  SmtpConfig config;
  std::string_view rest;
  std::string scheme;
  if (url.substr(0, 7) == "smtp://") {
    scheme = "smtp://";
  } else if (url.substr(0, 8) == "smtps://") {
    scheme = "smtps://";
  } else {
    return Status::InvalidArgument(
        "SMTP URL must start with smtp:// or "
        "smtps://");
  }
  if (HasControl(url)) {
    return Status::InvalidArgument("SMTP URL has control characters");
  }
  rest = url.substr(scheme.size());
  const std::size_t query_at = rest.find('?');
  const std::string_view query = query_at == std::string_view::npos
                                     ? std::string_view()
                                     : rest.substr(query_at + 1);
  rest = rest.substr(0, query_at);
  const std::size_t path_at = rest.find('/');
  const std::string_view path = path_at == std::string_view::npos
                                    ? std::string_view()
                                    : rest.substr(path_at);
  std::string_view authority = rest.substr(0, path_at);
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const std::size_t colon = userinfo.find(':');
    KHABAR_ASSIGN_OR_RETURN(config.user,
                            PercentDecode(userinfo.substr(0, colon)));
    if (colon != std::string_view::npos) {
      KHABAR_ASSIGN_OR_RETURN(config.password,
                              PercentDecode(userinfo.substr(colon + 1)));
    }
  }
  // host, host:port, [v6], [v6]:port
  std::string_view host = authority;
  std::string_view port;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return Status::InvalidArgument("SMTP URL has an unclosed [IPv6]");
    }
    host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') {
        return Status::InvalidArgument("SMTP URL: junk after [IPv6]");
      }
      has_port = true;
      port = authority.substr(close + 2);
    }
  } else if (const std::size_t colon = authority.rfind(':');
             colon != std::string_view::npos) {
    has_port = true;
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || host == "[]") {
    return Status::InvalidArgument("SMTP URL has no host");
  }
  if (has_port) {
    int number = 0;
    const auto [end, ec] =
        std::from_chars(port.data(), port.data() + port.size(), number);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() ||
        number < 1 || number > 65535) {
      return Status::InvalidArgument("SMTP URL has a bad port");
    }
  }
  // Built by appends: GCC 12 warns falsely (-Wrestrict) about
  // `"x" + std::string(...)` at -O3.
  config.url = scheme;
  config.url += host;
  if (!port.empty()) {
    config.url += ':';
    config.url += port;
  }
  config.url += path;
  KHABAR_RETURN_IF_ERROR(ParseQuery(query, &config));
  return config;
}

SmtpClient::SmtpClient(SmtpConfig config) : config_(std::move(config)) {}

SmtpClient::~SmtpClient() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Status SmtpClient::Send(std::string_view from, std::string_view to,
                        std::string_view mime) {
  // Envelope addresses go into SMTP commands: no line breaks, no brackets.
  for (std::string_view address : {from, to}) {
    if (address.empty() || HasControl(address) ||
        address.find_first_of("<> ") != std::string_view::npos) {
      return Status::InvalidArgument("bad envelope address: " +
                                     std::string(address));
    }
  }
  if (config_.url.empty()) return Status::InvalidArgument("no SMTP URL");
  KHABAR_RETURN_IF_ERROR(InitCurl());
  if (curl_ == nullptr) {
    curl_ = curl_easy_init();
    if (curl_ == nullptr) return Status::Internal("curl_easy_init failed");
  } else {
    // Forgets the options of the last message, keeps its open connection.
    curl_easy_reset(static_cast<CURL*>(curl_));
  }
  CURL* h = static_cast<CURL*>(curl_);

  std::string envelope_from = "<";
  envelope_from += from;
  envelope_from += '>';
  std::string envelope_to = "<";
  envelope_to += to;
  envelope_to += '>';
  std::unique_ptr<curl_slist, SlistCleanup> recipients(
      curl_slist_append(nullptr, envelope_to.c_str()));
  if (recipients == nullptr) return Status::Internal("out of memory");
  Upload upload{mime, 0};
  char error[CURL_ERROR_SIZE] = "";
  const bool implicit_tls = config_.url.rfind("smtps://", 0) == 0;
  const long timeout =
      std::clamp(config_.timeout_ms, kMinTimeoutMs, kMaxTimeoutMs);

  curl_easy_setopt(h, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (!config_.user.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, config_.user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, config_.password.c_str());
  }
  if (!implicit_tls) {
    curl_easy_setopt(h, CURLOPT_USE_SSL,
                     config_.require_tls ? static_cast<long>(CURLUSESSL_ALL)
                                         : static_cast<long>(CURLUSESSL_TRY));
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, envelope_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE,
                   static_cast<curl_off_t>(mime.size()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   std::max(kMinTimeoutMs, timeout / 3));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);

  const CURLcode rc = curl_easy_perform(h);
  // The handle must not keep pointers into this call's locals.
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, nullptr);
  if (rc == CURLE_OK) return Status::Ok();
  long response = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response);
  return MapFailure(rc, response, error);
}

Status SmtpSend(const SmtpConfig& config, std::string_view from,
                std::string_view to, std::string_view mime) {
  SmtpClient client(config);
  return client.Send(from, to, mime);
}

}  // namespace khabar::net
