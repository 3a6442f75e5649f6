// sporkle-dispatch's command line: launch size, device, and one argument specification per explicit kernel
// argument (scalars, buffers with their initial contents and output file, dynamic LDS).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sporkle/dispatch.h"

namespace sporkle::tools {

// A command-line mistake (exit status 2).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct BufferSpec {
  std::optional<uint64_t> size;
  std::string in;    // initial contents
  std::vector<std::byte> pattern;  // repeated over the buffer (fill=, one element)
  std::string iota;  // element type whose element i is i
  std::string out;   // written after the kernel
};

struct ArgSpec {
  enum class Kind { Scalar, Buffer, Local } kind = Kind::Scalar;
  std::vector<std::byte> scalar;
  BufferSpec buffer;
  uint32_t local_bytes = 0;
};

struct Options {
  std::string code_object;
  std::string kernel;
  std::vector<ArgSpec> args;
  Dim3 grid{1, 1, 1};
  Dim3 block{64, 1, 1};
  unsigned device = 0;
  bool list = false;
  bool help = false;
};

Options parse_options(int argc, char** argv);
extern const char* const kUsage;

// The bytes of one element of a scalar type (u8..u64, i8..i64, f32, f64) holding text.
std::vector<std::byte> scalar_bytes(const std::string& type, const std::string& text);
// The size of an element of a scalar type.
size_t scalar_size(const std::string& type);

}  // namespace sporkle::tools
