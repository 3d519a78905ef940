#include "net/smtp.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "net/fake_smtp_server.h"

namespace khabar::net {
namespace {

using testing::FakeSmtpOptions;
using testing::FakeSmtpServer;

constexpr char kMessage[] =
    "From: news@example.org\r\n"
    "To: reader@example.com\r\n"
    "Subject: hi\r\n"
    "\r\n"
    "line one\r\n"
    ".a line that starts with a dot\r\n";

SmtpConfig ConfigFor(const FakeSmtpServer& server) {
  SmtpConfig config;
  config.url = server.url();
  config.timeout_ms = 5000;
  return config;
}

TEST(SmtpSendTest, DeliversTheMessage) {
  FakeSmtpServer server({});
  const Status status = SmtpSend(ConfigFor(server), "news@example.org",
                                 "reader@example.com", kMessage);
  server.Stop();
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(server.mail_from.substr(0, 18), "<news@example.org>");
  EXPECT_EQ(server.rcpt_to, "<reader@example.com>");
  // Dot-stuffed on the wire (RFC 5321 4.5.2); the rest byte for byte.
  std::string expected = kMessage;
  expected.replace(expected.find("\r\n.a") + 2, 1, "..");
  EXPECT_EQ(server.data, expected);
  EXPECT_TRUE(server.auth.empty());
}

TEST(SmtpSendTest, TemporaryRecipientRefusalIsIOError) {
  FakeSmtpServer server({.rcpt_code = 451});
  const Status status = SmtpSend(ConfigFor(server), "news@example.org",
                                 "reader@example.com", kMessage);
  server.Stop();
  EXPECT_EQ(status.code(), StatusCode::kIOError) << status.ToString();
  EXPECT_TRUE(server.data.empty());
}

TEST(SmtpSendTest, PermanentRecipientRefusalIsInvalidArgument) {
  FakeSmtpServer server({.rcpt_code = 550});
  const Status status = SmtpSend(ConfigFor(server), "news@example.org",
                                 "nobody@example.com", kMessage);
  server.Stop();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
  EXPECT_NE(status.message().find("550"), std::string::npos)
      << status.message();
}

TEST(SmtpSendTest, PermanentDataRefusalIsInvalidArgument) {
  FakeSmtpServer server({.data_code = 554});
  const Status status = SmtpSend(ConfigFor(server), "news@example.org",
                                 "reader@example.com", kMessage);
  server.Stop();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
}

TEST(SmtpSendTest, TemporaryDataRefusalIsIOError) {
  FakeSmtpServer server({.data_code = 452});
  const Status status = SmtpSend(ConfigFor(server), "news@example.org",
                                 "reader@example.com", kMessage);
  server.Stop();
  EXPECT_EQ(status.code(), StatusCode::kIOError) << status.ToString();
}

TEST(SmtpSendTest, ConnectionRefusedIsIOError) {
  // A port that was just free: bound, never listened on, closed.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  SmtpConfig config;
  config.url = "smtp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  config.timeout_ms = 2000;
  const Status status =
      SmtpSend(config, "news@example.org", "reader@example.com", kMessage);
  EXPECT_EQ(status.code(), StatusCode::kIOError) << status.ToString();
}

TEST(SmtpSendTest, SilentServerTimesOut) {
  FakeSmtpServer server({.silent = true});
  SmtpConfig config = ConfigFor(server);
  config.timeout_ms = 300;
  const auto start = std::chrono::steady_clock::now();
  const Status status =
      SmtpSend(config, "news@example.org", "reader@example.com", kMessage);
  const auto took = std::chrono::steady_clock::now() - start;
  server.Stop();
  EXPECT_EQ(status.code(), StatusCode::kIOError) << status.ToString();
  EXPECT_LT(took, std::chrono::seconds(3));
}

TEST(SmtpSendTest, RequiredStartTlsNotOfferedSendsNothing) {
  FakeSmtpServer server({});
  SmtpConfig config = ConfigFor(server);
  config.require_tls = true;
  const Status status =
      SmtpSend(config, "news@example.org", "reader@example.com", kMessage);
  server.Stop();
  EXPECT_EQ(status.code(), StatusCode::kIOError) << status.ToString();
  EXPECT_TRUE(server.mail_from.empty());
  EXPECT_TRUE(server.data.empty());
}

TEST(SmtpSendTest, AuthenticatesWhenOffered) {
  FakeSmtpServer server({.advertise_auth = true});
  SmtpConfig config = ConfigFor(server);
  config.user = "khabar";
  config.password = "s3cret";
  const Status status =
      SmtpSend(config, "news@example.org", "reader@example.com", kMessage);
  server.Stop();
  ASSERT_TRUE(status.ok()) << status.ToString();
  // base64("\0khabar\0s3cret")
  EXPECT_EQ(server.auth, "AGtoYWJhcgBzM2NyZXQ=");
}

TEST(SmtpClientTest, KeepsOneConnectionForManyMessages) {
  FakeSmtpServer server({});
  {
    SmtpClient client(ConfigFor(server));
    for (int i = 0; i < 5; ++i) {
      const Status status =
          client.Send("news@example.org",
                      "r" + std::to_string(i) + "@example.com", kMessage);
      ASSERT_TRUE(status.ok()) << i << ": " << status.ToString();
    }
  }  // QUIT
  server.Stop();
  EXPECT_EQ(server.sessions, 1);
  EXPECT_EQ(server.messages.size(), 5u);
  EXPECT_EQ(server.rcpt_to, "<r4@example.com>");
}

TEST(SmtpClientTest, GoesOnAfterARefusedRecipient) {
  FakeSmtpServer server({.refused_recipient = "nobody@example.com"});
  SmtpClient client(ConfigFor(server));
  EXPECT_EQ(
      client.Send("news@example.org", "nobody@example.com", kMessage).code(),
      StatusCode::kInvalidArgument);
  const Status status =
      client.Send("news@example.org", "reader@example.com", kMessage);
  EXPECT_TRUE(status.ok()) << status.ToString();
  server.Stop();
  ASSERT_EQ(server.messages.size(), 1u);
  EXPECT_EQ(server.rcpt_to, "<reader@example.com>");
}

// The kept connection dies (the server restarts): the next message opens
// a new one instead of failing.
TEST(SmtpClientTest, ReconnectsWhenTheServerRestarts) {
  FakeSmtpServer first({});
  SmtpClient client(ConfigFor(first));
  ASSERT_TRUE(client.Send("news@example.org", "a@example.com", kMessage).ok());
  first.Stop();
  FakeSmtpServer second({.port = first.port()});
  ASSERT_NE(second.port(), 0);
  const Status status =
      client.Send("news@example.org", "b@example.com", kMessage);
  EXPECT_TRUE(status.ok()) << status.ToString();
  second.Stop();
  EXPECT_EQ(second.messages.size(), 1u);
  EXPECT_EQ(second.rcpt_to, "<b@example.com>");
}

TEST(SmtpSendTest, RejectsEnvelopeInjection) {
  SmtpConfig config;
  config.url = "smtp://127.0.0.1:1";
  EXPECT_EQ(SmtpSend(config, "news@example.org",
                     "a@example.com>\r\nRCPT TO:<b@example.com", kMessage)
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(SmtpSend(config, "", "a@example.com", kMessage).code(),
            StatusCode::kInvalidArgument);
}

TEST(ParseSmtpUrlTest, ReadsCredentialsHostPortAndStartTls) {
  Result<SmtpConfig> config = ParseSmtpUrl(
      "smtp://user%40example.org:p%3Ass@mail.example.org:2525"
      "?starttls=required");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->url, "smtp://mail.example.org:2525");
  EXPECT_EQ(config->user, "user@example.org");
  EXPECT_EQ(config->password, "p:ss");
  EXPECT_TRUE(config->require_tls);
  EXPECT_EQ(config->timeout_ms, 30000);
}

TEST(ParseSmtpUrlTest, DefaultsToOptionalStartTlsAndNoCredentials) {
  Result<SmtpConfig> config = ParseSmtpUrl("smtp://localhost");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->url, "smtp://localhost");
  EXPECT_TRUE(config->user.empty());
  EXPECT_FALSE(config->require_tls);
}

TEST(ParseSmtpUrlTest, AcceptsSmtpsIpv6AndTimeout) {
  Result<SmtpConfig> config =
      ParseSmtpUrl("smtps://[::1]:465?timeout_ms=5000&starttls=optional");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->url, "smtps://[::1]:465");
  EXPECT_EQ(config->timeout_ms, 5000);
}

TEST(ParseSmtpUrlTest, RejectsMalformedUrls) {
  for (const char* bad :
       {"http://mail.example.org", "smtp://", "smtp://host:0",
        "smtp://host:99999", "smtp://host:", "smtp://host?starttls=maybe",
        "smtp://host?bogus=1", "smtp://u:%zz@host", "smtp://ho\nst",
        "smtp://host?timeout_ms=5"}) {
    EXPECT_EQ(ParseSmtpUrl(bad).status().code(), StatusCode::kInvalidArgument)
        << bad;
  }
}

}  // namespace
}  // namespace khabar::net
