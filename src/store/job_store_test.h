// The JobStore conformance suite (job_store_test.cc), run by each backend's
// test binary like the other suites:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, JobStoreTest,
//                            ::testing::Values(SqliteBackend()),
//                            BackendName);
#ifndef KHABAR_STORE_JOB_STORE_TEST_H_
#define KHABAR_STORE_JOB_STORE_TEST_H_

#include <memory>

#include "store/job_store.h"
#include "store/reader_store_test.h"

namespace khabar::store::testing {

class JobStoreTest : public ReaderStoreTest {
 protected:
  void SetUp() override;
  JobStore& jobs() { return *jobs_; }
  static JobStore* JobsOf(ArticleStore* store);

  JobStore* jobs_ = nullptr;  // the same object as store_
};

}  // namespace khabar::store::testing

#endif  // KHABAR_STORE_JOB_STORE_TEST_H_
