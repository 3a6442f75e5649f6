#include "sporkle/code_object.h"

#include <elf.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "code_object_elf.h"
#include "code_object_format.h"
#include "code_object_metadata.h"
#include "sporkle/error.h"

namespace sporkle {

namespace {

namespace kd = detail::amdhsa::kd;
constexpr const char* kCall = "CodeObject::parse";

[[noreturn]] void malformed(const std::string& what) { throw Error(ENOEXEC, kCall, what); }

std::string hex(uint32_t v) {
  char b[16];
  std::snprintf(b, sizeof b, "0x%x", v);
  return b;
}

template <typename T>
T load(const std::byte* p) {
  T t;
  std::memcpy(&t, p, sizeof t);
  return t;
}

uint32_t version_of(uint8_t abi_version) {
  namespace a = detail::amdhsa;
  switch (abi_version) {
    case a::kAbiV3: return 3;
    case a::kAbiV4: return 4;
    case a::kAbiV5:
      throw NotSupported(kCall, "code object v5 (hidden kernel arguments replace the dispatch packet): build for "
                                "v4 (-mcode-object-version=4)");
    default: malformed("ABI version " + std::to_string(abi_version) + " is not code object v3 or v4");
  }
}

std::string target_of(uint32_t e_flags) {
  for (const detail::amdhsa::Mach& m : detail::amdhsa::kMachs)
    if (m.value == (e_flags & detail::amdhsa::kMachMask)) return std::string(m.target);
  malformed("unknown EF_AMDGPU_MACH " + hex(e_flags & detail::amdhsa::kMachMask));
}

KernelDescriptor decode_descriptor(const std::byte* p, const std::string& name) {
  for (const auto& r : kd::kReserved)
    for (uint32_t i = r.begin; i < r.end; ++i)
      if (p[i] != std::byte{0}) malformed(name + ": reserved kernel descriptor byte " + std::to_string(i) + " set");
  KernelDescriptor d;
  d.group_segment_fixed_size = load<uint32_t>(p + kd::GROUP_SEGMENT_FIXED_SIZE);
  d.private_segment_fixed_size = load<uint32_t>(p + kd::PRIVATE_SEGMENT_FIXED_SIZE);
  d.kernarg_size = load<uint32_t>(p + kd::KERNARG_SIZE);
  d.kernel_code_entry_byte_offset = load<int64_t>(p + kd::KERNEL_CODE_ENTRY_BYTE_OFFSET);
  d.rsrc3 = load<uint32_t>(p + kd::COMPUTE_PGM_RSRC3);
  d.rsrc1 = load<uint32_t>(p + kd::COMPUTE_PGM_RSRC1);
  d.rsrc2 = load<uint32_t>(p + kd::COMPUTE_PGM_RSRC2);
  d.kernel_code_properties = load<uint16_t>(p + kd::KERNEL_CODE_PROPERTIES);
  if (d.kernel_code_properties & detail::amdhsa::kReservedProperties)
    malformed(name + ": reserved kernel_code_properties bits set (" + hex(d.kernel_code_properties) + ")");
  return d;
}

// Binds a metadata kernel to its descriptor and entry point in the image, and checks that they agree.
void bind(KernelInfo& k, const detail::ElfImage& elf, bool gfx10) {
  const std::string who = "kernel " + k.name;
  auto sym = elf.symbols.find(k.symbol);
  if (sym == elf.symbols.end()) malformed(who + ": no symbol " + k.symbol);
  const detail::ElfSymbol& s = sym->second;
  if (s.size != kd::kSize) malformed(who + ": descriptor symbol is " + std::to_string(s.size) + " bytes, not 64");
  if (s.value % kd::kAlign) malformed(who + ": descriptor not 64-byte aligned");
  if (s.value < elf.base || elf.image.size() < kd::kSize || s.value - elf.base > elf.image.size() - kd::kSize)
    malformed(who + ": descriptor outside the loaded segments");
  k.descriptor_offset = s.value - elf.base;
  k.descriptor = decode_descriptor(elf.image.data() + k.descriptor_offset, who);
  const KernelDescriptor& d = k.descriptor;

  // Entry = descriptor + signed offset, inside an executable segment, 256-byte aligned (COMPUTE_PGM_LO is >> 8).
  const int64_t off = d.kernel_code_entry_byte_offset;
  if (off > int64_t{detail::kMaxImageBytes} || off < -int64_t{detail::kMaxImageBytes})
    malformed(who + ": kernel_code_entry_byte_offset out of range");
  const uint64_t entry = s.value + static_cast<uint64_t>(off);
  bool in_code = false;
  for (const auto& r : elf.executable) in_code |= entry >= r.begin && entry < r.end;
  if (!in_code) malformed(who + ": entry point not in an executable segment");
  if (entry % 256) malformed(who + ": entry point not 256-byte aligned");
  k.entry_offset = entry - elf.base;
  auto fn = elf.symbols.find(k.name);
  if (fn != elf.symbols.end() && fn->second.type == STT_FUNC && fn->second.value != entry)
    malformed(who + ": descriptor's entry point is not the kernel's code symbol");

  if (d.group_segment_fixed_size != k.group_segment_fixed_size ||
      d.private_segment_fixed_size != k.private_segment_fixed_size || d.kernarg_size != k.kernarg_segment_size)
    malformed(who + ": metadata and kernel descriptor disagree on segment sizes");
  const bool w32 = d.has(KernelDescriptor::kWavefrontSize32);
  if (w32 && !gfx10) malformed(who + ": wave32 descriptor for a gfx9 target");
  if (k.wavefront_size != (w32 ? 32u : 64u))
    malformed(who + ": metadata wavefront_size " + std::to_string(k.wavefront_size) +
              " disagrees with the descriptor");
  const uint32_t user_sgprs = spec::reg::pgm_rsrc2::USER_SGPR.get(d.rsrc2);
  if (d.user_sgpr_count() > user_sgprs)
    malformed(who + ": descriptor enables " + std::to_string(d.user_sgpr_count()) +
              " user SGPRs but COMPUTE_PGM_RSRC2.USER_SGPR is " + std::to_string(user_sgprs));
  if (k.kernarg_segment_align == 0 || (k.kernarg_segment_align & (k.kernarg_segment_align - 1)))
    malformed(who + ": kernarg_segment_align is not a power of two");
}

}  // namespace

uint32_t KernelDescriptor::user_sgpr_count() const {
  return (has(kPrivateSegmentBuffer) ? 4 : 0) + (has(kDispatchPtr) ? 2 : 0) + (has(kQueuePtr) ? 2 : 0) +
         (has(kKernargSegmentPtr) ? 2 : 0) + (has(kDispatchId) ? 2 : 0) + (has(kFlatScratchInit) ? 2 : 0) +
         (has(kPrivateSegmentSize) ? 1 : 0);
}

std::vector<const KernelArgInfo*> KernelInfo::explicit_args() const {
  std::vector<const KernelArgInfo*> out;
  for (const KernelArgInfo& a : args)
    if (!a.hidden()) out.push_back(&a);
  return out;
}

CodeObject CodeObject::parse(std::span<const std::byte> file) {
  detail::ElfImage elf = detail::read_elf(file);
  CodeObject co;
  co.version_ = version_of(elf.abi_version);
  co.e_flags_ = elf.e_flags;
  co.target_ = target_of(elf.e_flags);
  if (elf.metadata.empty()) malformed("no NT_AMDGPU_METADATA note");
  detail::Metadata md = detail::read_metadata(elf.metadata);
  // amdhsa.version 1.0 is code object v3, 1.1 is v4.
  if (md.version_major != 1 || md.version_minor + 3 != co.version_)
    malformed("metadata version " + std::to_string(md.version_major) + "." + std::to_string(md.version_minor) +
              " does not match code object v" + std::to_string(co.version_));
  if (!md.target.empty()) {
    // "amdgcn-amd-amdhsa--gfx900:xnack-": the processor follows the empty environment field.
    const size_t at = md.target.find("--");
    const std::string processor =
        at == std::string::npos ? std::string() : md.target.substr(at + 2, md.target.find(':', at) - at - 2);
    if (processor != co.target_) malformed("metadata target " + md.target + " but e_flags say " + co.target_);
  }
  const bool gfx10 = co.target_.starts_with("gfx10");
  for (KernelInfo& k : md.kernels) {
    for (const KernelInfo& other : co.kernels_)
      if (other.name == k.name) malformed("two kernels named " + k.name);
    bind(k, elf, gfx10);
    co.kernels_.push_back(std::move(k));
  }
  co.image_ = std::move(elf.image);
  return co;
}

CodeObject CodeObject::read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ENOENT, "CodeObject::read_file", path);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(EIO, "CodeObject::read_file", path);
  return parse(std::as_bytes(std::span<const char>(bytes)));
}

const KernelInfo& CodeObject::kernel(std::string_view name) const {
  for (const KernelInfo& k : kernels_)
    if (k.name == name) return k;
  std::string names;
  for (const KernelInfo& k : kernels_) names += (names.empty() ? "" : ", ") + k.name;
  throw Error(ENOENT, "CodeObject::kernel",
              "no kernel " + std::string(name) + " (the code object has: " + (names.empty() ? "none" : names) + ")");
}

Buffer LoadedCodeObject::upload(const Device& device, const CodeObject& code) {
  const std::string& target = device.info().gfx_target;
  if (target != code.target())
    throw Error(ENOEXEC, "LoadedCodeObject", "code object for " + code.target() + ", device is " +
                                                 (target.empty() ? std::string("unknown") : target));
  // Buffer maps every allocation readable, writable and executable, at a page-aligned address.
  Buffer b = Buffer::allocate(device, std::max<uint64_t>(code.image().size(), 1), Domain::Vram,
                              AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED);
  if (!code.image().empty()) std::memcpy(b.map(), code.image().data(), code.image().size());
  b.unmap();
  return b;
}

LoadedCodeObject::LoadedCodeObject(const Device& device, CodeObject code)
    : code_(std::move(code)), buffer_(upload(device, code_)) {}

}  // namespace sporkle
