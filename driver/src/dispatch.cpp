#include "sporkle/dispatch.h"

#include <algorithm>
#include <string_view>

#include "code_object_format.h"
#include "sporkle/error.h"

namespace sporkle {

namespace {

namespace amdhsa = detail::amdhsa;
namespace init = spec::pm4::dispatch_initiator;
namespace cr = spec::reg::compute;
constexpr const char* kCall = "KernelDispatch";

consteval uint32_t reg(std::string_view name) {
  for (const spec::reg::Register& r : spec::reg::kRegisters)
    if (r.name == name) return r.offset;
  throw "no such register in spec::reg::kRegisters";
}

constexpr uint32_t kMaxWorkgroupSize = 1024;
// Scratch slots (TMPRING_SIZE.WAVES) per CU a dispatch reserves: enough for every wave a CU can hold.
constexpr uint32_t kScratchSlotsPerCu = 32;

template <typename T>
void put(std::span<std::byte> out, uint32_t offset, T v) {
  std::memcpy(out.data() + offset, &v, sizeof v);
}

}  // namespace

KernelDispatch::KernelDispatch(const DeviceInfo& device, uint64_t code_base, const KernelInfo& kernel, Dim3 grid,
                               Dim3 block, std::span<const KernelArg> args)
    : kernel_(kernel),
      level_(gfx_level(device)),
      descriptor_va_(code_base + kernel.descriptor_offset),
      entry_va_(code_base + kernel.entry_offset),
      grid_(grid),
      block_(block) {
  const std::string who = "kernel " + kernel.name + ": ";
  const KernelDescriptor& d = kernel.descriptor;
  if (d.has(KernelDescriptor::kQueuePtr))
    throw NotSupported(kCall, who + "reads the HSA queue pointer, which a PM4 dispatch has no queue for");
  if (d.has(KernelDescriptor::kWavefrontSize32) && level_ == spec::GfxLevel::Gfx9)
    throw Error(ENOEXEC, kCall, who + "wave32 kernel on a gfx9 device");
  wave_size_ = d.has(KernelDescriptor::kWavefrontSize32) ? 32 : 64;

  const uint64_t threads = uint64_t{block.x} * block.y * block.z;
  if (!grid.x || !grid.y || !grid.z || !threads) throw Error(EINVAL, kCall, who + "empty grid or workgroup");
  const uint32_t max_threads = std::min(kMaxWorkgroupSize, kernel.max_flat_workgroup_size);
  if (threads > max_threads)
    throw Error(EINVAL, kCall, who + "workgroup of " + std::to_string(threads) + " work-items, the kernel allows " +
                                   std::to_string(max_threads));
  // The dispatch packet's grid size counts work-items in 32 bits.
  for (auto [g, b] : {std::pair{grid.x, block.x}, {grid.y, block.y}, {grid.z, block.z}})
    if (uint64_t{g} * b > UINT32_MAX) throw Error(EINVAL, kCall, who + "more than 2^32 work-items in a dimension");

  if (kernel.private_segment_fixed_size) {
    const uint64_t unit = cr::kTmpringWaveSizeUnit;
    const uint64_t wave_bytes = (uint64_t{kernel.private_segment_fixed_size} * wave_size_ + unit - 1) / unit * unit;
    if (wave_bytes / unit > (cr::TMPRING_WAVESIZE.mask() >> cr::TMPRING_WAVESIZE.shift))
      throw Error(EINVAL, kCall, who + "private segment too large for COMPUTE_TMPRING_SIZE.WAVESIZE");
    const uint64_t waves = uint64_t{grid.x} * grid.y * grid.z * ((threads + wave_size_ - 1) / wave_size_);
    const uint64_t slots = std::max<uint64_t>(device.cu_count, 1) * kScratchSlotsPerCu;
    scratch_wave_bytes_ = static_cast<uint32_t>(wave_bytes);
    scratch_waves_ = static_cast<uint32_t>(std::min({waves, slots, uint64_t{cr::TMPRING_WAVES.mask()}}));
  }
  layout_args(args);
}

uint32_t KernelDispatch::rsrc2() const {
  namespace r2 = spec::reg::pgm_rsrc2;
  const uint32_t granules = (lds_bytes_ + r2::kLdsGranule - 1) / r2::kLdsGranule;
  return (kernel_.descriptor.rsrc2 & ~r2::LDS_SIZE.mask()) | r2::LDS_SIZE.put(granules);
}

uint32_t KernelDispatch::tmpring_size() const {
  return cr::TMPRING_WAVES.put(scratch_waves_) |
         cr::TMPRING_WAVESIZE.put(scratch_wave_bytes_ / cr::kTmpringWaveSizeUnit);
}

uint32_t KernelDispatch::initiator() const {
  uint32_t v = init::COMPUTE_SHADER_EN.put(1) | init::FORCE_START_AT_000.put(1) | init::ORDER_MODE.put(1);
  if (wave_size_ == 32) v |= init::CS_W32_EN.put(1);
  return v;
}

void KernelDispatch::write_kernargs(std::span<std::byte> out) const {
  if (out.size() < kernargs_.size()) throw Error(EINVAL, kCall, "kernarg buffer too small");
  std::copy(kernargs_.begin(), kernargs_.end(), out.begin());
}

void KernelDispatch::write_dispatch_packet(std::span<std::byte> out, const DispatchAddresses& at) const {
  namespace p = amdhsa::dispatch_packet;
  if (out.size() < p::kSize) throw Error(EINVAL, kCall, "dispatch packet buffer too small");
  std::fill_n(out.begin(), p::kSize, std::byte{0});
  const uint16_t dims = grid_.z * block_.z > 1 ? 3 : grid_.y * block_.y > 1 ? 2 : 1;
  put<uint16_t>(out, p::HEADER, p::kHeader);
  put<uint16_t>(out, p::SETUP, dims);
  put<uint16_t>(out, p::WORKGROUP_SIZE_X, static_cast<uint16_t>(block_.x));
  put<uint16_t>(out, p::WORKGROUP_SIZE_Y, static_cast<uint16_t>(block_.y));
  put<uint16_t>(out, p::WORKGROUP_SIZE_Z, static_cast<uint16_t>(block_.z));
  put<uint32_t>(out, p::GRID_SIZE_X, grid_.x * block_.x);
  put<uint32_t>(out, p::GRID_SIZE_Y, grid_.y * block_.y);
  put<uint32_t>(out, p::GRID_SIZE_Z, grid_.z * block_.z);
  put<uint32_t>(out, p::PRIVATE_SEGMENT_SIZE, kernel_.private_segment_fixed_size);
  put<uint32_t>(out, p::GROUP_SEGMENT_SIZE, lds_bytes_);
  put<uint64_t>(out, p::KERNEL_OBJECT, descriptor_va_);
  put<uint64_t>(out, p::KERNARG_ADDRESS, at.kernarg);
}

std::vector<uint32_t> KernelDispatch::user_data(const DispatchAddresses& at) const {
  namespace sr = amdhsa::scratch_rsrc;
  const KernelDescriptor& d = kernel_.descriptor;
  std::vector<uint32_t> u;
  auto push64 = [&](uint64_t v) {
    u.push_back(static_cast<uint32_t>(v));
    u.push_back(static_cast<uint32_t>(v >> 32));
  };
  const uint64_t scratch = scratch_bytes() ? at.scratch : 0;
  if (d.has(KernelDescriptor::kPrivateSegmentBuffer)) {
    // The swizzled scratch V#: dword d of lane i at base + (d * wave_size + i) * 4; zero when there is none.
    uint32_t v[4] = {};
    if (scratch) {
      v[0] = static_cast<uint32_t>(scratch);
      v[1] = sr::BASE_HI.put(static_cast<uint32_t>(scratch >> 32)) | sr::SWIZZLE_EN.put(1);
      v[2] = 0xFFFFFFFF;
      v[3] = sr::kDstSelXyzw | sr::INDEX_STRIDE.put(wave_size_ == 64 ? 3 : 2) | sr::ADD_TID_ENABLE.put(1);
      if (level_ == spec::GfxLevel::Gfx9)
        v[3] |= sr::GFX9_DATA_FORMAT.put(sr::kGfx9DataFormat32) | sr::GFX9_ELEMENT_SIZE.put(sr::kElementSize4);
      else
        v[3] |= sr::GFX10_FORMAT.put(sr::kGfx10Format32Float) | sr::GFX10_RESOURCE_LEVEL.put(1) |
                sr::GFX10_OOB_SELECT.put(sr::kOobRaw);
    }
    for (uint32_t x : v) u.push_back(x);
  }
  if (d.has(KernelDescriptor::kDispatchPtr)) push64(at.packet);
  if (d.has(KernelDescriptor::kKernargSegmentPtr)) push64(at.kernarg);
  if (d.has(KernelDescriptor::kDispatchId)) push64(at.dispatch_id);
  if (d.has(KernelDescriptor::kFlatScratchInit)) push64(scratch);
  if (d.has(KernelDescriptor::kPrivateSegmentSize)) u.push_back(kernel_.private_segment_fixed_size);
  // The compiler may reserve more user SGPRs than the fields take; the rest read as zero.
  u.resize(spec::reg::pgm_rsrc2::USER_SGPR.get(d.rsrc2), 0);
  return u;
}

void KernelDispatch::emit(Pm4Stream& s, const DispatchAddresses& at) const {
  if (s.level() != level_) throw Error(EINVAL, kCall, "stream for another GPU generation");
  if (at.kernarg & 15 || at.packet & 63 || (scratch_bytes() && (at.scratch & 255)))
    throw Error(EINVAL, kCall, "kernarg, packet or scratch address misaligned");
  const std::vector<uint32_t> user = user_data(at);
  if (user.size() > 16) throw Error(ENOEXEC, kCall, "kernel " + kernel_.name + " has more than 16 user SGPRs");
  const KernelDescriptor& d = kernel_.descriptor;
  s.dispatch_setup({.program_va = entry_va_,
                    .rsrc1 = d.rsrc1,
                    .rsrc2 = rsrc2(),
                    .rsrc3 = d.rsrc3,
                    .threads_x = block_.x,
                    .threads_y = block_.y,
                    .threads_z = block_.z,
                    .tmpring_size = tmpring_size(),
                    .user_data = user});
  if (scratch_bytes())
    s.set_sh_reg(reg("COMPUTE_DISPATCH_SCRATCH_BASE_LO"),
                 {static_cast<uint32_t>(at.scratch >> 8), static_cast<uint32_t>(at.scratch >> 40)});
  s.dispatch_direct(grid_.x, grid_.y, grid_.z, initiator());
  if (at.completion) s.fence_write(at.completion, at.completion_value, true);
}

}  // namespace sporkle
