// libFuzzer target for outgoing mail: ComposeMail on any subject, body,
// display name and extra header, and ParseSmtpUrl on any text. Input
// pieces are separated by NUL bytes. A composed message must be what SMTP
// accepts everywhere: 7-bit, CRLF line ends only, no line over 998 octets;
// a refusal must be InvalidArgument. Aborts otherwise.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "net/smtp.h"
#include "service/mail.h"

namespace {

constexpr std::size_t kMaxLine = 998;

void CheckWireFormat(const std::string& mime) {
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < mime.size(); ++i) {
    const auto c = static_cast<unsigned char>(mime[i]);
    if (c >= 0x80 || c == 0) std::abort();
    if (c == '\r' && (i + 1 >= mime.size() || mime[i + 1] != '\n')) {
      std::abort();
    }
    if (c == '\n') {
      if (i == 0 || mime[i - 1] != '\r') std::abort();
      if (i - line_start > kMaxLine + 1) std::abort();
      line_start = i + 1;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)khabar::net::ParseSmtpUrl(input);

  std::vector<std::string> pieces(4);
  std::size_t piece = 0;
  for (char c : input) {
    if (c == '\0' && piece + 1 < pieces.size()) {
      ++piece;
    } else {
      pieces[piece] += c;
    }
  }
  khabar::service::MailContent content;
  content.from = pieces[2] + " <news@example.org>";
  content.to = "reader@example.com";
  content.subject = pieces[0];
  content.text = pieces[1];
  content.html = "<p>" + pieces[1] + "</p>";
  content.headers = {{"List-Id", pieces[3]}};
  content.date = 1795689000;
  khabar::Result<khabar::service::ComposedMail> mail =
      khabar::service::ComposeMail(content, "example.org");
  if (!mail.ok()) {
    if (mail.status().code() != khabar::StatusCode::kInvalidArgument) {
      std::abort();
    }
    return 0;
  }
  CheckWireFormat(mail->mime);
  return 0;
}
