// How the store answers writes: `Done<T>` is called exactly once with the result, after the write
// is durable or has definitely failed, on a store thread (it must not block).
#pragma once

#include <functional>
#include <future>

#include "common/status.h"

namespace oc {

template <typename T>
using Done = std::function<void(Result<T>)>;

// Blocks until `call` hands its Done a result (for blocking threads, never the store's writer).
template <typename T, typename Call>
Result<T> AwaitDone(Call call) {
  std::promise<Result<T>> p;
  auto f = p.get_future();
  call([&p](Result<T> r) { p.set_value(std::move(r)); });
  return f.get();
}

}  // namespace oc
