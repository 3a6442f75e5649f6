#include "sim/gpu/pm4/command_processor.h"

namespace sporkle::sim::gpu {

namespace cd = spec::pm4::copy_data;

namespace {
// Memory operands: 32-bit copies use address bits [31:2], 64-bit copies [31:3].
uint64_t operand_va(uint32_t lo, uint32_t hi, bool is64) {
  return spec::gpu_va((uint64_t{hi} << 32) | (lo & (is64 ? ~7u : ~3u)));
}
}  // namespace

bool CommandProcessor::copy_data(const Packet& pkt) {
  bool is64 = cd::COUNT_SEL.in(pkt.p);
  uint32_t src_lo = cd::SRC_LO.in(pkt.p), src_hi = cd::SRC_HI.in(pkt.p);
  uint32_t dst_lo = cd::DST_LO.in(pkt.p), dst_hi = cd::DST_HI.in(pkt.p);
  uint64_t value = 0;
  switch (uint32_t sel = cd::SRC_SEL.in(pkt.p)) {
    case cd::kSrcRegister: {
      uint32_t lo = 0, hi = 0, reg = src_lo & 0x3FFFF;
      if (!read_register(reg, lo) || (is64 && !read_register(reg + 1, hi))) return false;
      value = (uint64_t{hi} << 32) | lo;
      break;
    }
    case cd::kSrcMemory:
    case cd::kSrcTcL2:
      if (!read_memory(operand_va(src_lo, src_hi, is64), &value, is64 ? 8 : 4)) return false;
      break;
    case cd::kSrcImmediate: value = (uint64_t{src_hi} << 32) | src_lo; break;
    case cd::kSrcAtomicReturn: value = atomic_return_; break;
    case cd::kSrcGpuClock:
    case cd::kSrcSystemClock: value = clock(); break;
    default: return illegal("COPY_DATA from SRC_SEL %u, which is not modelled", sel);
  }
  if (!is64) value &= 0xFFFFFFFFu;
  switch (uint32_t sel = cd::DST_SEL.in(pkt.p)) {
    case cd::kDstRegister: {
      uint32_t reg = dst_lo & 0x3FFFF;
      return write_register(reg, static_cast<uint32_t>(value)) &&
             (!is64 || write_register(reg + 1, static_cast<uint32_t>(value >> 32)));
    }
    case cd::kDstMemorySync:
    case cd::kDstTcL2:
    case cd::kDstMemory: return write_memory(operand_va(dst_lo, dst_hi, is64), &value, is64 ? 8 : 4);
    default: return illegal("COPY_DATA to DST_SEL %u, which is not modelled", sel);
  }
}

}  // namespace sporkle::sim::gpu
