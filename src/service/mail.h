// Composing email: one function from what a message says to the complete
// RFC 5322 text the outbox stores and SMTP sends. Built with GMime 3:
// multipart/alternative (text/plain + text/html, both UTF-8, quoted-printable
// or base64 as GMime judges best), RFC 2047-encoded Arabic subject and
// display names, Date, a Message-ID made here (random@domain), and any extra
// headers (List-Unsubscribe, List-Unsubscribe-Post, List-Id ...).
#ifndef KHABAR_SERVICE_MAIL_H_
#define KHABAR_SERVICE_MAIL_H_

#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "base/time.h"

namespace khabar::service {

struct MailContent {
  std::string from;       // "خبر <news@example.org>" or a bare address
  std::string to;         // one address
  std::string subject;    // UTF-8; encoded per RFC 2047 when not ASCII
  std::string text;       // text/plain part (UTF-8)
  std::string html;       // text/html part; "" = text only
  std::vector<std::pair<std::string, std::string>> headers;  // extra ones
  UnixSeconds date = 0;   // Date header
};

struct ComposedMail {
  std::string message_id;  // without angle brackets: "abc@example.org"
  std::string mime;        // complete message, CRLF line ends
};

// InvalidArgument for an address that is not one plain addr-spec (the
// recipient must pass IsPlausibleEmail; the sender may also be on a dotless
// host such as "news@localhost"), or text that is not UTF-8, or header
// names/values with CR/LF (header injection) or other control characters.
// `message_id_domain` is the right-hand side of the Message-ID.
Result<ComposedMail> ComposeMail(const MailContent& content,
                                 std::string_view message_id_domain);

// The addr-spec inside `from` ("Name <a@b>" → "a@b"; "a@b" → "a@b").
std::string EnvelopeAddress(std::string_view from);

// A plausible single email address: one @, no spaces or control
// characters, a dot in the domain, at most 254 bytes.
bool IsPlausibleEmail(std::string_view address);

// Text made safe inside HTML mail bodies and attributes (& < > " ').
std::string HtmlEscape(std::string_view text);

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_MAIL_H_
