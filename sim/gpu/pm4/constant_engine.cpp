// The constant engine (CE) of the GFX queue: CE RAM loads, writes and dumps, and the CE/DE counters that order
// the CE against the DE. IBs run one after another here, so a counter wait that the other engine cannot have
// satisfied already never will be: it waits until the job is stopped, as the hardware hangs.
#include <cstring>

#include "sim/gpu/pm4/command_processor.h"

namespace sporkle::sim::gpu {

namespace pm4 = spec::pm4;

bool CommandProcessor::constant_engine(const Packet& pkt) {
  auto ram_range = [&](uint32_t offset, uint64_t bytes, const char* name) {
    if (offset % 4 || offset + bytes > ce_ram_.size())
      return illegal("%s of %llu bytes at CE RAM offset 0x%x: CE RAM is %zu bytes", name,
                     (unsigned long long)bytes, offset, ce_ram_.size());
    return true;
  };
  switch (pkt.opcode) {
    case pm4::LOAD_CONST_RAM: {
      namespace l = pm4::load_const_ram;
      uint64_t va = spec::gpu_va((uint64_t{l::ADDR_HI.in(pkt.p)} << 32) | l::ADDR_LO.in(pkt.p));
      uint64_t bytes = uint64_t{l::NUM_DW.in(pkt.p)} * 4;
      uint32_t offset = l::START_ADDR.in(pkt.p);
      return ram_range(offset, bytes, "LOAD_CONST_RAM") && read_memory(va, ce_ram_.data() + offset, bytes);
    }
    case pm4::WRITE_CONST_RAM: {
      namespace w = pm4::write_const_ram;
      uint32_t offset = w::OFFSET.in(pkt.p);
      uint64_t bytes = uint64_t{pkt.body - 1} * 4;
      if (!ram_range(offset, bytes, "WRITE_CONST_RAM")) return false;
      std::memcpy(ce_ram_.data() + offset, pkt.p + w::kFirstValue, bytes);
      return true;
    }
    case pm4::DUMP_CONST_RAM: {
      namespace d = pm4::dump_const_ram;
      uint64_t va = spec::gpu_va((uint64_t{d::ADDR_HI.in(pkt.p)} << 32) | d::ADDR_LO.in(pkt.p));
      uint64_t bytes = uint64_t{d::NUM_DW.in(pkt.p)} * 4;
      uint32_t offset = d::OFFSET.in(pkt.p);
      if (!ram_range(offset, bytes, "DUMP_CONST_RAM") || !write_memory(va, ce_ram_.data() + offset, bytes))
        return false;
      if (d::INCREMENT_CE.in(pkt.p)) ++ce_counter_;
      return true;
    }
    case pm4::INCREMENT_CE_COUNTER: ++ce_counter_; return true;
    case pm4::INCREMENT_DE_COUNTER: ++de_counter_; return true;
    case pm4::WAIT_ON_CE_COUNTER: {
      // The DE may run only while the CE is ahead of it.
      PollOutcome o = poll_until(*env_, [&] { return ce_counter_ > de_counter_ ? Probe::Satisfied : Probe::NotYet; });
      return polled(o, "in WAIT_ON_CE_COUNTER");
    }
    case pm4::WAIT_ON_DE_COUNTER_DIFF: {
      // The CE may run at most DIFF counts ahead of the DE.
      int64_t diff = pm4::ce_counter::DIFF.in(pkt.p);
      PollOutcome o = poll_until(*env_, [&] {
        return static_cast<int64_t>(ce_counter_ - de_counter_) < diff ? Probe::Satisfied : Probe::NotYet;
      });
      return polled(o, "in WAIT_ON_DE_COUNTER_DIFF");
    }
    case pm4::SWITCH_BUFFER: return true;  // CE RAM double-buffering is a CE-internal ordering point
  }
  return illegal("opcode 0x%02x is not a constant-engine packet", pkt.opcode);
}

}  // namespace sporkle::sim::gpu
