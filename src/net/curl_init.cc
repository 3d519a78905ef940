#include "net/curl_init.h"

#include <curl/curl.h>

#include <mutex>
#include <string>

namespace khabar::net {

Status InitCurl() {
  static std::once_flag once;
  static CURLcode rc = CURLE_OK;
  std::call_once(once, [] { rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (rc != CURLE_OK) {
    return Status::Internal(std::string("libcurl could not be initialized: ") +
                            curl_easy_strerror(rc));
  }
  return Status::Ok();
}

}  // namespace khabar::net
