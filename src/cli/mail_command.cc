// `khabar mail test --to ADDR [--count N]`: queues test messages (checks an
// SMTP setup end to end; the outbox tests use it), and `khabar mail status
// [--json]`: what the outbox holds.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "service/library.h"
#include "service/mail.h"

namespace khabar::cli {

int RunMailTest(const std::string& data_dir, const MailTestOptions& options) {
  service::LibraryOptions lib;
  lib.data_dir = data_dir;
  Result<std::unique_ptr<service::Library>> library = service::Library::Open(lib);
  if (!library.ok()) return Fail("mail test", library.status());
  if (!service::IsPlausibleEmail(options.to)) {
    return Fail("mail test", Status::InvalidArgument("not an email address: " + options.to));
  }
  const std::string from = options.mail_from.empty()
                               ? "خبر <no-reply@localhost.localdomain>"
                               : options.mail_from;
  const UnixSeconds now = NowUnixSeconds();
  for (int i = 1; i <= options.count; ++i) {
    service::MailContent content;
    content.from = from;
    content.to = options.to;
    content.subject = "رسالة تجريبية من خبر (" + std::to_string(i) + "/" +
                      std::to_string(options.count) + ")";
    content.text = "هذه رسالة تجريبية: إعداد البريد في خبر يعمل.\n";
    content.html =
        "<!doctype html><html lang=\"ar\" dir=\"rtl\"><body dir=\"rtl\">"
        "<p>هذه رسالة تجريبية: إعداد البريد في خبر يعمل.</p></body></html>";
    content.date = now;
    const std::string domain = service::EnvelopeAddress(from).substr(
        service::EnvelopeAddress(from).find('@') + 1);
    Result<service::ComposedMail> mail = service::ComposeMail(content, domain);
    if (!mail.ok()) return Fail("mail test", mail.status());
    store::OutboxMessage message;
    message.recipient = options.to;
    message.sender = service::EnvelopeAddress(from);
    message.message_id = mail->message_id;
    message.mime = std::move(mail->mime);
    message.created_at = now;
    message.next_try = now;
    Result<int64_t> id = (*library)->readers().Enqueue(message);
    if (!id.ok()) return Fail("mail test", id.status());
  }
  std::printf("queued %d test message%s to %s\n", options.count,
              options.count == 1 ? "" : "s", options.to.c_str());
  return kExitOk;
}

int RunMailStatus(const std::string& data_dir, bool as_json) {
  service::LibraryOptions lib;
  lib.data_dir = data_dir;
  lib.read_only = true;
  Result<std::unique_ptr<service::Library>> library = service::Library::Open(lib);
  if (!library.ok()) return Fail("mail status", library.status());
  Result<store::OutboxCounts> counts = (*library)->readers().CountOutbox();
  if (!counts.ok()) return Fail("mail status", counts.status());
  if (as_json) {
    nlohmann::json j = {{"queued", counts->queued},
                        {"sending", counts->sending},
                        {"sent", counts->sent},
                        {"failed", counts->failed}};
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::printf("outbox: %lld queued, %lld sending, %lld sent, %lld failed\n",
                static_cast<long long>(counts->queued),
                static_cast<long long>(counts->sending),
                static_cast<long long>(counts->sent),
                static_cast<long long>(counts->failed));
  }
  return kExitOk;
}

}  // namespace khabar::cli
