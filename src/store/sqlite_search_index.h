// The declarations' full-text index (SQLite FTS5), private to the store. It lives in a database
// file of its own beside the store's and is kept by a thread of its own, which follows the
// store's declaration_versions by their sequence number (seq, in the order written): the store's writer only stores each version's search
// text and never waits for the index. The index is derived data: deleted, damaged or ahead of
// the store (a restored backup), it is rebuilt from the versions.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/status.h"
#include "store/sqlite_util.h"

namespace oc::sqlite {

class SearchIndex {
 public:
  // The index file that belongs to the store file `store_path` (same folder).
  static std::string PathFor(const std::string& store_path);

  // Opens (creating or rebuilding as needed) the index of the store at `store_path`, whose schema
  // must be migrated already, and starts the indexing thread. Internal on I/O errors.
  static Result<std::unique_ptr<SearchIndex>> Open(const std::string& store_path);
  // Stops the thread; what is not indexed yet is indexed after the next Open.
  ~SearchIndex();

  // The store committed versions: they are indexed within kInterval. Thread-safe, cheap.
  void Poke();
  // Indexes every version committed before the call, then returns (a search's read-your-writes).
  // Thread-safe; Internal on a storage error.
  Status CatchUp();

  // The index's lag under load: it indexes what accumulated once per interval.
  static constexpr auto kInterval = std::chrono::milliseconds(50);

 private:
  explicit SearchIndex(std::unique_ptr<Connection> c) : conn_(std::move(c)) {}
  void Loop();
  // One transaction of up to `limit` versions after the last indexed one; how many. Caller holds
  // work_mu_. Throws StoreError.
  int IndexSome(int limit);

  std::mutex work_mu_;  // the connection and the progress
  std::unique_ptr<Connection> conn_;
  int64_t indexed_through_ = 0;  // seq of the last indexed version

  std::mutex mu_;
  std::condition_variable cv_;
  bool poked_ = true;  // versions may have come before this Open
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace oc::sqlite
