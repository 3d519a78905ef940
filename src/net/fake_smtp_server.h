// A tiny SMTP server for tests: a thread on 127.0.0.1 speaking enough of
// RFC 5321 for libcurl (EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP,
// QUIT), with configurable answers. Test-only; header-only so the tests of
// other layers (the outbox) can talk to it too.
#ifndef KHABAR_NET_FAKE_SMTP_SERVER_H_
#define KHABAR_NET_FAKE_SMTP_SERVER_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace khabar::net::testing {

// How the fake server answers.
struct FakeSmtpOptions {
  int mail_code = 250;
  int rcpt_code = 250;
  int data_code = 250;
  const char* refused_recipient = "";  // RCPT of this address: 550
  bool advertise_auth = false;
  bool silent = false;  // accepts, then never says a word
  int port = 0;         // 0: any free port
};

// Records what it was told; read the public fields after Stop().
class FakeSmtpServer {
 public:
  explicit FakeSmtpServer(FakeSmtpOptions options) : options_(options) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(options.port));
    const int reuse = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) !=
            0 ||
        ::listen(listener_, 4) != 0) {
      ::close(listener_);
      listener_ = -1;
      return;  // port() stays 0: connecting to it fails
    }
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeSmtpServer() { Stop(); }

  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (listener_ >= 0) ::close(listener_);
    listener_ = -1;
  }

  int port() const { return port_; }
  std::string url() const {
    return "smtp://127.0.0.1:" + std::to_string(port_);
  }

  std::vector<std::string> commands;     // every command line, in order
  std::string mail_from, rcpt_to, auth;  // of the last session
  std::string data;                      // every DATA, concatenated
  std::vector<std::string> messages;     // every accepted DATA, dot-stuffed
  int sessions = 0;

 private:
  void Serve() {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!stop_ && std::chrono::steady_clock::now() < deadline) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      ++sessions;
      if (options_.silent) {
        while (!stop_) {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
      } else {
        Session(fd);
      }
      ::close(fd);
    }
  }

  bool Send(int fd, const std::string& text) {
    return ::send(fd, text.data(), text.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(text.size());
  }

  // One CRLF-terminated line without its CRLF; false at EOF or timeout.
  bool ReadLine(int fd, std::string* line) {
    while (true) {
      const std::size_t end = buffer_.find("\r\n");
      if (end != std::string::npos) {
        *line = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        return true;
      }
      // Waits up to 5 s for the client, but notices Stop() within 20 ms.
      pollfd p{fd, POLLIN, 0};
      int ready = 0;
      for (int waited = 0; ready == 0 && waited < 5000 && !stop_;
           waited += 20) {
        ready = ::poll(&p, 1, 20);
      }
      if (ready <= 0 || stop_) return false;
      char chunk[4096];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  static std::string Reply(int code) {
    return std::to_string(code) + (code < 400 ? " ok\r\n" : " no\r\n");
  }

  void Session(int fd) {
    buffer_.clear();
    if (!Send(fd, "220 fake ESMTP\r\n")) return;
    std::string line;
    while (ReadLine(fd, &line)) {
      commands.push_back(line);
      const std::string verb = line.substr(0, 4);
      if (verb == "EHLO") {
        std::string reply = "250-fake\r\n";
        if (options_.advertise_auth) reply += "250-AUTH PLAIN\r\n";
        reply += "250 SIZE 10000000\r\n";
        Send(fd, reply);
      } else if (verb == "HELO" || verb == "RSET" || verb == "NOOP") {
        Send(fd, Reply(250));
      } else if (verb == "AUTH") {
        if (line.size() > 11) {
          auth = line.substr(11);
        } else {
          Send(fd, "334 \r\n");
          if (!ReadLine(fd, &auth)) return;
        }
        Send(fd, "235 authenticated\r\n");
      } else if (verb == "MAIL") {
        mail_from = line.substr(10);
        Send(fd, Reply(options_.mail_code));
      } else if (verb == "RCPT") {
        rcpt_to = line.substr(8);
        Send(
            fd,
            Reply(rcpt_to == "<" + std::string(options_.refused_recipient) + ">"
                      ? 550
                      : options_.rcpt_code));
      } else if (verb == "DATA") {
        Send(fd, "354 go on\r\n");
        std::string message;
        while (ReadLine(fd, &line) && line != ".") message += line + "\r\n";
        data += message;
        if (options_.data_code < 300) messages.push_back(message);
        Send(fd, Reply(options_.data_code));
      } else if (verb == "QUIT") {
        Send(fd, "221 bye\r\n");
        return;
      } else {
        Send(fd, "500 what\r\n");
      }
    }
  }

  FakeSmtpOptions options_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::string buffer_;
};

}  // namespace khabar::net::testing

#endif  // KHABAR_NET_FAKE_SMTP_SERVER_H_
