// The NT_AMDGPU_METADATA note of a code object v3/v4 (AMDGPUUsage "Code Object V3 Metadata"): the version, the
// target and, per kernel, the fields and argument layout a dispatcher needs.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "sporkle/code_object.h"

namespace sporkle::detail {

struct Metadata {
  uint32_t version_major = 0, version_minor = 0;  // amdhsa.version
  std::string target;                              // amdhsa.target, empty if absent
  std::vector<KernelInfo> kernels;                 // metadata fields only; descriptor and offsets are not set
};

// Error(ENOEXEC) if the note is malformed, misses a required field, or has an argument outside the kernarg
// segment.
Metadata read_metadata(std::span<const std::byte> note);

}  // namespace sporkle::detail
