// The SourceStore conformance suite (source_store_test.cc), run by each
// backend's test binary like the ReaderStore suite:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, SourceStoreTest,
//                            ::testing::Values(SqliteBackend()),
//                            BackendName);
#ifndef KHABAR_STORE_SOURCE_STORE_TEST_H_
#define KHABAR_STORE_SOURCE_STORE_TEST_H_

#include "store/reader_store_test.h"
#include "store/source_store.h"

namespace khabar::store::testing {

class SourceStoreTest : public ReaderStoreTest {
 protected:
  void SetUp() override;
  SourceStore& sources() { return *sources_; }
  // A source at `location` added at `at`, due then.
  Source NewSource(const std::string& location, UnixSeconds at);

  SourceStore* sources_ = nullptr;  // the same object as store_
};

}  // namespace khabar::store::testing

#endif  // KHABAR_STORE_SOURCE_STORE_TEST_H_
