#include "sporkle/error.h"

namespace sporkle {

namespace {
std::string describe(const std::string& call, const std::string& detail) {
  return detail.empty() ? call : call + " (" + detail + ")";
}
}  // namespace

Error::Error(int errno_value, std::string call, const std::string& detail)
    : std::system_error(errno_value, std::generic_category(), describe(call, detail)), call_(std::move(call)) {}

}  // namespace sporkle
