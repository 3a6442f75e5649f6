// EVENT_WRITE, RELEASE_MEM and ACQUIRE_MEM. Work completes synchronously in the model, so pipeline drains and
// cache actions are already done when the packet executes; what remains is RELEASE_MEM's data write.
#include "sim/gpu/pm4/command_processor.h"

namespace sporkle::sim::gpu {

namespace ev = spec::pm4::event_write;
namespace rm = spec::pm4::release_mem;

bool CommandProcessor::event_write(const Packet& pkt) {
  switch (uint32_t index = ev::EVENT_INDEX.in(pkt.p)) {
    case ev::kOther:
    case ev::kPartialFlush: return true;
    case ev::kZpassDone:
    case ev::kSamplePipelineStat:
    case ev::kSampleStreamoutStat:
      return illegal("EVENT_WRITE event 0x%02x (index %u) samples counters, which are not modelled",
                     ev::EVENT_TYPE.in(pkt.p), index);
    default: return illegal("EVENT_WRITE with event index %u (end-of-pipe events need RELEASE_MEM)", index);
  }
}

bool CommandProcessor::release_mem(const Packet& pkt) {
  uint32_t dst_sel = rm::DST_SEL.in(pkt.p);
  if (dst_sel != rm::kMemoryController && dst_sel != rm::kTcL2)
    return illegal("RELEASE_MEM with reserved DST_SEL %u", dst_sel);
  // INT_SEL asks for an interrupt after the write; the kernel model processes fences itself.
  uint64_t addr = spec::gpu_va((uint64_t{rm::ADDR_HI.in(pkt.p)} << 32) | rm::ADDR_LO.in(pkt.p));
  uint64_t data64 = (uint64_t{rm::DATA_HI.in(pkt.p)} << 32) | rm::DATA_LO.in(pkt.p);
  switch (uint32_t sel = rm::DATA_SEL.in(pkt.p)) {
    case rm::kNone: return true;
    case rm::kData32: {
      uint32_t v = rm::DATA_LO.in(pkt.p);
      return write_memory(addr & ~uint64_t{3}, &v, 4);
    }
    case rm::kData64: return write_memory(addr & ~uint64_t{7}, &data64, 8);
    case rm::kGpuClock:
    case rm::kSystemClock: {
      uint64_t t = clock();
      return write_memory(addr & ~uint64_t{7}, &t, 8);
    }
    case rm::kGdsCopy: return illegal("RELEASE_MEM copy from GDS, which is not modelled");
    default: return illegal("RELEASE_MEM with reserved DATA_SEL %u", sel);
  }
}

bool CommandProcessor::acquire_mem(const Packet&) {
  // Caches are coherent in the model; the body length was checked against this generation's layout.
  return true;
}

}  // namespace sporkle::sim::gpu
