// DMA_DATA: the CP's own DMA engine, for copies and constant fills between memory addresses.
#include <algorithm>

#include "sim/gpu/pm4/command_processor.h"

namespace sporkle::sim::gpu {

namespace dd = spec::pm4::dma_data;

bool CommandProcessor::dma_data(const Packet& pkt) {
  uint32_t src_sel = dd::SRC_SEL.in(pkt.p);
  uint32_t dst_sel = dd::DST_SEL.in(pkt.p);
  if (src_sel == dd::kSrcGds || dst_sel == dd::kDstGds) return illegal("DMA_DATA with GDS, which is not modelled");
  if (dst_sel == 2) return illegal("DMA_DATA with reserved DST_SEL 2");
  if (dd::SAS.in(pkt.p) || dd::DAS.in(pkt.p))
    return illegal("DMA_DATA with register addresses (SAS/DAS), which are not modelled");
  if (dd::SAIC.in(pkt.p) || dd::DAIC.in(pkt.p))
    return illegal("DMA_DATA with non-incrementing addresses (SAIC/DAIC), which are not modelled");
  uint64_t bytes = dd::BYTE_COUNT.in(pkt.p);
  uint64_t dst = spec::gpu_va((uint64_t{dd::DST_ADDR_HI.in(pkt.p)} << 32) | dd::DST_ADDR_LO.in(pkt.p));
  if (bytes == 0) return true;
  if (src_sel == dd::kSrcData) {
    // The 32-bit DATA repeats from the destination's first byte.
    uint32_t data = dd::SRC_ADDR_LO.in(pkt.p);
    uint32_t pattern[1024];
    std::fill(std::begin(pattern), std::end(pattern), data);
    for (uint64_t done = 0; done < bytes;) {
      uint64_t len = std::min<uint64_t>(sizeof pattern, bytes - done);
      if (!write_memory(dst + done, pattern, len)) return false;
      done += len;
    }
    return true;
  }
  uint64_t src = spec::gpu_va((uint64_t{dd::SRC_ADDR_HI.in(pkt.p)} << 32) | dd::SRC_ADDR_LO.in(pkt.p));
  if (auto f = env_->vm.copy(dst, src, bytes, Unit::CommandProcessor)) return vm_fault(*f);
  return true;
}

}  // namespace sporkle::sim::gpu
