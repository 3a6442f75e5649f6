// The code objects built from kernels/ (SPORKLE_DRIVER_KERNEL_DIR), read as bytes.
#pragma once

#include <cstddef>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace sporkle::test {

inline std::string kernel_path(const std::string& file) { return std::string(SPORKLE_DRIVER_KERNEL_DIR) + "/" + file; }

inline std::vector<std::byte> read_kernel_file(const std::string& file) {
  std::ifstream in(kernel_path(file), std::ios::binary);
  if (!in) throw std::runtime_error("missing " + kernel_path(file));
  std::vector<char> c((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(c.size());
  for (size_t i = 0; i < c.size(); ++i) out[i] = static_cast<std::byte>(c[i]);
  return out;
}

}  // namespace sporkle::test
