// The sporkle::Error a call throws, for tests of error paths.
#pragma once

#include <gtest/gtest.h>

#include <utility>

#include "sporkle/error.h"

namespace sporkle::test {

// Runs f and returns the Error it throws (failing the test if it throws none).
template <typename F>
Error error_of(F&& f) {
  try {
    std::forward<F>(f)();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no Error thrown";
  return Error(0, "none");
}

}  // namespace sporkle::test
