// libcurl's process-wide setup, shared by every libcurl user in net/ (SMTP,
// HTTP). Internal to net/. Thread-safe.
#ifndef KHABAR_NET_CURL_INIT_H_
#define KHABAR_NET_CURL_INIT_H_

#include "base/status.h"

namespace khabar::net {

// Runs curl_global_init once per process (it is not thread-safe on every
// libcurl build); every later call returns the first call's outcome.
[[nodiscard]] Status InitCurl();

}  // namespace khabar::net

#endif  // KHABAR_NET_CURL_INIT_H_
