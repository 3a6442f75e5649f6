#include "sim/gpu/pm4/command_processor.h"

namespace sporkle::sim::gpu {

namespace wd = spec::pm4::write_data;

bool CommandProcessor::write_data(const Packet& pkt) {
  const uint32_t* data = pkt.p + wd::kFirstValue;
  uint32_t n = pkt.body - (wd::kFirstValue - 1);
  bool one_address = wd::WR_ONE_ADDR.in(pkt.p);
  switch (uint32_t sel = wd::DST_SEL.in(pkt.p)) {
    case wd::kRegister: {
      uint32_t reg = wd::DST_REG.in(pkt.p);
      for (uint32_t i = 0; i < n; ++i)
        if (!write_register(one_address ? reg : reg + i, data[i])) return false;
      return true;
    }
    case wd::kMemorySync:
    case wd::kTcL2:
    case wd::kMemory: {
      uint64_t va = spec::gpu_va((uint64_t{wd::DST_ADDR_HI.in(pkt.p)} << 32) | (pkt.p[2] & wd::DST_ADDR_LO.mask()));
      if (!one_address) return write_memory(va, data, uint64_t{n} * 4);
      for (uint32_t i = 0; i < n; ++i)
        if (!write_memory(va, &data[i], 4)) return false;
      return true;
    }
    case wd::kGds: return illegal("WRITE_DATA to GDS, which is not modelled");
    default: return illegal("WRITE_DATA with reserved DST_SEL %u", sel);
  }
}

}  // namespace sporkle::sim::gpu
