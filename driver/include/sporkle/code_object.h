// AMDHSA code objects (ELF64, EM_AMDGPU, code object v3 and v4, as clang or llvm-mc + ld.lld produce them):
// parsed and validated on the host (CodeObject), then uploaded into GPU memory (LoadedCodeObject). A kernel is
// found by name: its `name.kd` kernel descriptor and its entry in the NT_AMDGPU_METADATA note, which gives the
// argument layout. Anything malformed, inconsistent or unsupported is an Error (ENOEXEC, or ENOTSUP for valid
// code objects this loader does not run, e.g. code object v5), never undefined behaviour.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sporkle/buffer.h"
#include "sporkle/device.h"

namespace sporkle {

// The 64-byte kernel descriptor, decoded.
struct KernelDescriptor {
  uint32_t group_segment_fixed_size = 0;    // static LDS bytes
  uint32_t private_segment_fixed_size = 0;  // scratch bytes per work-item
  uint32_t kernarg_size = 0;
  int64_t kernel_code_entry_byte_offset = 0;  // from the descriptor's address
  uint32_t rsrc1 = 0, rsrc2 = 0, rsrc3 = 0;   // COMPUTE_PGM_RSRC1/2/3 as compiled
  uint16_t kernel_code_properties = 0;

  // kernel_code_properties bits.
  enum Property : uint16_t {
    kPrivateSegmentBuffer = 1u << 0,
    kDispatchPtr = 1u << 1,
    kQueuePtr = 1u << 2,
    kKernargSegmentPtr = 1u << 3,
    kDispatchId = 1u << 4,
    kFlatScratchInit = 1u << 5,
    kPrivateSegmentSize = 1u << 6,
    kWavefrontSize32 = 1u << 10,  // gfx10+
  };
  bool has(Property p) const { return kernel_code_properties & p; }
  // User SGPRs the enabled fields take, in their fixed order (PSB 4, DP 2, QP 2, KA 2, DID 2, FSI 2, PSS 1).
  uint32_t user_sgpr_count() const;
};

// One kernel argument from the metadata's .args.
struct KernelArgInfo {
  std::string name;           // .name (may be empty)
  std::string value_kind;     // .value_kind: by_value, global_buffer, dynamic_shared_pointer, hidden_*, ...
  std::string address_space;  // .address_space (pointers), else empty
  uint32_t offset = 0;        // in the kernarg segment
  uint32_t size = 0;
  uint32_t pointee_align = 0;  // .pointee_align (dynamic_shared_pointer), 0 if absent

  bool hidden() const { return value_kind.starts_with("hidden_"); }
};

struct KernelInfo {
  std::string name;    // .name
  std::string symbol;  // .symbol: the descriptor's symbol, name.kd
  KernelDescriptor descriptor;
  uint64_t descriptor_offset = 0;  // in the code object's loaded image
  uint64_t entry_offset = 0;       // likewise; 256-byte aligned
  std::vector<KernelArgInfo> args;
  uint32_t kernarg_segment_size = 0;
  uint32_t kernarg_segment_align = 0;
  uint32_t group_segment_fixed_size = 0;
  uint32_t private_segment_fixed_size = 0;
  uint32_t wavefront_size = 0;
  uint32_t sgpr_count = 0;
  uint32_t vgpr_count = 0;
  uint32_t max_flat_workgroup_size = 0;

  // The arguments a caller passes (every non-hidden one), in order.
  std::vector<const KernelArgInfo*> explicit_args() const;
};

class CodeObject {
 public:
  // Parses and validates an ELF image (copied: the span need not outlive the CodeObject).
  static CodeObject parse(std::span<const std::byte> elf);
  static CodeObject read_file(const std::string& path);

  const std::string& target() const { return target_; }  // e.g. "gfx900"
  uint32_t version() const { return version_; }          // code object version: 3 or 4
  uint32_t e_flags() const { return e_flags_; }
  const std::vector<KernelInfo>& kernels() const { return kernels_; }
  // The kernel called name; Error(ENOENT) if there is none.
  const KernelInfo& kernel(std::string_view name) const;
  // The PT_LOAD segments at their offsets from the first one's page (bss zero-filled): what goes to the GPU.
  std::span<const std::byte> image() const { return image_; }

 private:
  std::string target_;
  uint32_t version_ = 0;
  uint32_t e_flags_ = 0;
  std::vector<KernelInfo> kernels_;
  std::vector<std::byte> image_;
};

// A code object in GPU memory (a page-aligned buffer, mapped readable and executable), for one device whose gfx
// target matches the code object's (Error ENOEXEC otherwise).
class LoadedCodeObject {
 public:
  LoadedCodeObject(const Device& device, CodeObject code);

  const CodeObject& code() const { return code_; }
  const Buffer& buffer() const { return buffer_; }
  uint64_t base_address() const { return buffer_.gpu_address(); }
  uint64_t descriptor_address(const KernelInfo& k) const { return base_address() + k.descriptor_offset; }
  uint64_t entry_address(const KernelInfo& k) const { return base_address() + k.entry_offset; }

 private:
  static Buffer upload(const Device& device, const CodeObject& code);

  CodeObject code_;
  Buffer buffer_;
};

}  // namespace sporkle
