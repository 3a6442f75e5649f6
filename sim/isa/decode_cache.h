// Decoded instructions by code address: each instruction is fetched (through the VM, as an execute access) and
// decoded once per cache, by the decoder of the dispatch's generation. A cache belongs to one dispatch: code is
// not expected to change while it runs, and the VGPR allocation it was decoded against is the dispatch's.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <unordered_map>

#include "sim/gpu/vm.h"
#include "sim/isa/decoded.h"
#include "sim/isa/decoder.h"

namespace sporkle::sim::isa {

class DecodeCache {
 public:
  DecodeCache(gpu::Vm& vm, uint16_t num_vgprs, const Decoder& decoder = decoder_for(spec::GfxLevel::Gfx9))
      : vm_(vm), num_vgprs_(num_vgprs), decoder_(decoder) {}

  // The instruction at pc when it has been decoded before (the interpreter's fast path), else null.
  const DecodedInst* at(uint64_t pc) const {
    return (pc >> kPageShift) == last_page_ && last_ ? last_->slot[(pc & kPageMask) >> 2] : nullptr;
  }
  // The instruction at pc; null when fetching it faults (fault says where).
  const DecodedInst* at(uint64_t pc, std::optional<gpu::Fault>& fault) {
    const DecodedInst* in = at(pc);
    return in ? in : fetch(pc, fault);
  }
  // Looks pc up in every page, fetching and decoding it when new.
  const DecodedInst* fetch(uint64_t pc, std::optional<gpu::Fault>& fault);

  size_t size() const { return insts_.size(); }

 private:
  static constexpr int kPageShift = 12;
  static constexpr uint64_t kPageMask = (1u << kPageShift) - 1;
  struct Page {
    const DecodedInst* slot[(1u << kPageShift) / 4] = {};
  };

  gpu::Vm& vm_;
  uint16_t num_vgprs_;
  const Decoder& decoder_;
  std::unordered_map<uint64_t, std::unique_ptr<Page>> pages_;
  std::deque<DecodedInst> insts_;  // stable addresses
  uint64_t last_page_ = ~0ull;
  Page* last_ = nullptr;
};

}  // namespace sporkle::sim::isa
