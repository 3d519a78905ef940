#include "service/mail.h"

#include <gmime/gmime.h>

#include <cctype>
#include <ctime>
#include <memory>
#include <mutex>
#include <string_view>

#include "base/utf8.h"
#include "service/secrets.h"

namespace khabar::service {
namespace {

constexpr std::size_t kMaxAddressBytes = 254;
constexpr std::size_t kMaxHeaderNameBytes = 76;
constexpr std::size_t kMessageIdRandomBytes = 24;
constexpr std::size_t kMaxLineOctets = 998;  // RFC 5322 2.1.1
// Bytes of text per RFC 2047 encoded-word: 42 bytes are 56 base64
// characters, a 68-character word, so "Subject: " and the word fit in 78.
constexpr std::size_t kEncodedWordBytes = 42;

// GMime keeps global state (charset tables, the default parser options);
// g_mime_init must run once before any other call, from any thread.
void InitGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

// Owns a GObject reference.
struct GObjectUnref {
  void operator()(gpointer object) const { g_object_unref(object); }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

// CR and LF (header injection) and the other controls but tab, which have
// no place in a header field (RFC 5322 2.2).
bool HasLineBreakOrControl(std::string_view value) {
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 32 && c != '\t') || u == 127) return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// A header field name: printable ASCII without ':' or space (RFC 5322 2.2).
bool IsHeaderName(std::string_view name) {
  if (name.empty() || name.size() > kMaxHeaderNameBytes) return false;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126 || c == ':') return false;
  }
  return true;
}

// Splits "Name <addr>" into its display name (unquoted) and address.
struct Mailbox {
  std::string name;
  std::string address;
};

// The operator's own sender may live on a dotless host ("news@localhost",
// the default of a fresh install); readers' addresses may not.
bool IsPlausibleLocalAddress(std::string_view address) {
  const std::size_t at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) {
    return false;
  }
  return IsPlausibleEmail(std::string(address) + ".invalid");
}

Result<Mailbox> ParseMailbox(std::string_view text, std::string_view what,
                             bool allow_local_domain) {
  if (HasLineBreakOrControl(text)) {
    return Status::InvalidArgument(std::string(what) +
                                   " contains a line break or control");
  }
  if (!IsValidUtf8(text)) {
    return Status::InvalidArgument(std::string(what) + " is not UTF-8");
  }
  Mailbox box;
  const std::size_t open = text.rfind('<');
  if (open == std::string_view::npos) {
    box.address = std::string(Trim(text));
  } else {
    const std::size_t close = text.find('>', open);
    if (close == std::string_view::npos ||
        !Trim(text.substr(close + 1)).empty()) {
      return Status::InvalidArgument(std::string(what) +
                                     " has an unclosed <address>");
    }
    box.address = std::string(text.substr(open + 1, close - open - 1));
    std::string_view name = Trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    if (name.find_first_of("<>\"") != std::string_view::npos) {
      return Status::InvalidArgument(std::string(what) +
                                     " has a malformed display name");
    }
    box.name = std::string(name);
  }
  if (!IsPlausibleEmail(box.address) &&
      !(allow_local_domain && IsPlausibleLocalAddress(box.address))) {
    return Status::InvalidArgument(
        std::string(what) +
        " is not a plausible email address: " + box.address);
  }
  return box;
}

// A Message-ID left-hand side: lowercase letters and digits only, so it is
// a dot-atom in any mail system and reads the same in every log.
std::string MessageIdLocalPart() {
  std::string out;
  for (char c : RandomToken(kMessageIdRandomBytes)) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
  }
  return out;
}

bool IsPlausibleDomain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  if (domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : domain) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && c != '.' && c != '-') return false;
  }
  return true;
}

// CRLF and lone CR become LF: GMime writes every LF as CRLF, and a lone CR
// is not allowed on the SMTP wire (RFC 5321 2.3.8).
std::string UnixLineEnds(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      out += text[i];
    } else if (i + 1 >= text.size() || text[i + 1] != '\n') {
      out += '\n';
    }
  }
  return out;
}

GPtr<GMimeTextPart> MakeTextPart(const char* subtype, std::string_view body) {
  GPtr<GMimeTextPart> part(g_mime_text_part_new_with_subtype(subtype));
  g_mime_text_part_set_text(part.get(), UnixLineEnds(body).c_str());
  g_mime_text_part_set_charset(part.get(), "utf-8");
  // 7-bit safe: base64 for mostly-Arabic text, quoted-printable for mostly
  // ASCII; both keep every line well under the 998-octet limit.
  GMimePart* as_part = GMIME_PART(part.get());
  g_mime_part_set_content_encoding(
      as_part, g_mime_part_get_best_content_encoding(
                   as_part, GMIME_ENCODING_CONSTRAINT_7BIT));
  return part;
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// The raw value (GMime's form: leading space, folds as "\n ", final "\n")
// of an unstructured header as RFC 2047 B-encoded words. Each word holds
// whole UTF-8 characters (RFC 2047 6.3: words are self-contained) and, where
// a boundary allows, a multiple of 3 bytes, so no word but the last carries
// '=' padding: decoders that glue adjacent words before base64-decoding
// (GMime before 3.2.14, several webmail parsers) then read it whole.
std::string EncodeUnstructured(std::string_view text) {
  std::string raw;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t best = 0;      // longest chunk of whole characters
    std::size_t unpadded = 0;  // longest such chunk with size % 3 == 0
    std::size_t end = start;
    while (end < text.size()) {
      std::size_t next = end + 1;
      while (next < text.size() &&
             (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) {
        ++next;
      }
      if (next - start > kEncodedWordBytes) break;
      end = next;
      best = end - start;
      if (best % 3 == 0) unpadded = best;
    }
    const std::size_t take =
        (unpadded > 0 && start + best < text.size()) ? unpadded : best;
    gchar* b64 = g_base64_encode(
        reinterpret_cast<const guchar*>(text.data() + start), take);
    raw += raw.empty() ? " " : "\n ";
    raw += "=?UTF-8?B?";
    raw += b64;
    raw += "?=";
    g_free(b64);
    start += take;
  }
  raw += "\n";
  return raw;
}

void AddMailbox(InternetAddressList* list, const Mailbox& box) {
  InternetAddress* address = internet_address_mailbox_new(
      box.name.empty() ? nullptr : box.name.c_str(), box.address.c_str());
  internet_address_list_add(list, address);
  g_object_unref(address);
}

}  // namespace

std::string EnvelopeAddress(std::string_view from) {
  const std::size_t open = from.rfind('<');
  if (open == std::string_view::npos) return std::string(Trim(from));
  const std::size_t close = from.find('>', open);
  if (close == std::string_view::npos) return std::string(Trim(from));
  return std::string(Trim(from.substr(open + 1, close - open - 1)));
}

bool IsPlausibleEmail(std::string_view address) {
  if (address.empty() || address.size() > kMaxAddressBytes) return false;
  const std::size_t at = address.find('@');
  if (at == std::string_view::npos || at == 0 ||
      address.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  for (char c : address) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 32 || u == 127) return false;
    if (c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' ||
        c == ':' || c == '\\' || c == '"' || c == '[' || c == ']') {
      return false;
    }
  }
  // The domain may be internationalized (UTF-8), so only its shape is
  // checked: labels separated by single dots, at least two of them.
  const std::string_view domain = address.substr(at + 1);
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' ||
      domain.back() == '.' || domain.find("..") != std::string_view::npos) {
    return false;
  }
  return IsValidUtf8(address);
}

Result<ComposedMail> ComposeMail(const MailContent& content,
                                 std::string_view message_id_domain) {
  KHABAR_ASSIGN_OR_RETURN(Mailbox from,
                          ParseMailbox(content.from, "from", true));
  KHABAR_ASSIGN_OR_RETURN(Mailbox to, ParseMailbox(content.to, "to", false));
  if (HasLineBreakOrControl(content.subject)) {
    return Status::InvalidArgument(
        "subject contains a line break or control character");
  }
  if (!IsValidUtf8(content.subject) || !IsValidUtf8(content.text) ||
      !IsValidUtf8(content.html)) {
    return Status::InvalidArgument("mail text is not UTF-8");
  }
  for (const auto& [name, value] : content.headers) {
    if (!IsHeaderName(name)) {
      return Status::InvalidArgument("bad header name: " + name);
    }
    if (HasLineBreakOrControl(value)) {
      return Status::InvalidArgument(
          "header " + name + " contains a line break or control character");
    }
    if (!IsValidUtf8(value)) {
      return Status::InvalidArgument("header " + name + " is not UTF-8");
    }
  }
  if (!IsPlausibleDomain(message_id_domain)) {
    return Status::InvalidArgument("bad Message-ID domain: " +
                                   std::string(message_id_domain));
  }

  InitGMime();
  GPtr<GMimeMessage> message(g_mime_message_new(TRUE));
  AddMailbox(g_mime_message_get_from(message.get()), from);
  AddMailbox(g_mime_message_get_to(message.get()), to);
  g_mime_message_set_subject(message.get(), content.subject.c_str(), "utf-8");
  if (!IsAscii(content.subject)) {
    GMimeHeader* subject = g_mime_header_list_get_header(
        g_mime_object_get_header_list(GMIME_OBJECT(message.get())), "Subject");
    if (subject == nullptr) return Status::Internal("GMime lost the subject");
    g_mime_header_set_raw_value(subject,
                                EncodeUnstructured(content.subject).c_str());
  }

  const UnixSeconds date = content.date != 0 ? content.date : NowUnixSeconds();
  GDateTime* when = g_date_time_new_from_unix_utc(date);
  if (when == nullptr) return Status::InvalidArgument("date out of range");
  g_mime_message_set_date(message.get(), when);
  g_date_time_unref(when);

  ComposedMail out;
  out.message_id = MessageIdLocalPart() + "@" + std::string(message_id_domain);
  g_mime_message_set_message_id(message.get(), out.message_id.c_str());

  GMimeObject* as_object = GMIME_OBJECT(message.get());
  g_mime_object_set_header(as_object, "MIME-Version", "1.0", nullptr);
  GMimeHeaderList* headers = g_mime_object_get_header_list(as_object);
  for (const auto& [name, value] : content.headers) {
    g_mime_object_append_header(as_object, name.c_str(), value.c_str(),
                                "utf-8");
    if (!IsAscii(value)) continue;  // GMime encodes the non-ASCII words
    // ASCII goes out verbatim: GMime would RFC 2047-encode a long
    // unbreakable word (a List-Unsubscribe URL), which no client reads
    // back as a URL. One line of up to 998 octets is allowed.
    if (name.size() + 2 + value.size() > kMaxLineOctets) {
      return Status::InvalidArgument("header " + name + " is too long");
    }
    GMimeHeader* header = g_mime_header_list_get_header_at(
        headers, g_mime_header_list_get_count(headers) - 1);
    g_mime_header_set_raw_value(header, (" " + value + "\n").c_str());
  }

  GPtr<GMimeTextPart> text = MakeTextPart("plain", content.text);
  if (content.html.empty()) {
    g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(text.get()));
  } else {
    GPtr<GMimeMultipart> alternative(
        g_mime_multipart_new_with_subtype("alternative"));
    g_mime_multipart_add(alternative.get(), GMIME_OBJECT(text.get()));
    GPtr<GMimeTextPart> html = MakeTextPart("html", content.html);
    g_mime_multipart_add(alternative.get(), GMIME_OBJECT(html.get()));
    g_mime_message_set_mime_part(message.get(),
                                 GMIME_OBJECT(alternative.get()));
  }

  GMimeFormatOptions* format = g_mime_format_options_clone(nullptr);
  g_mime_format_options_set_newline_format(format, GMIME_NEWLINE_FORMAT_DOS);
  char* text_out = g_mime_object_to_string(as_object, format);
  g_mime_format_options_free(format);
  if (text_out == nullptr) return Status::Internal("GMime wrote no message");
  out.mime = text_out;
  g_free(text_out);
  return out;
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace khabar::service
