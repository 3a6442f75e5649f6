#include "sim/isa/decode_cache.h"

#include <algorithm>

#include "sim/isa/decoder.h"

namespace sporkle::sim::isa {

const DecodedInst* DecodeCache::miss(uint64_t pc, std::optional<gpu::Fault>& fault) {
  uint64_t page = pc >> kPageShift;
  auto& p = pages_[page];
  if (!p) {
    p = std::make_unique<Page>();
    std::fill(std::begin(p->slot), std::end(p->slot), -1);
  }
  last_page_ = page;
  last_ = p.get();
  int32_t& slot = p->slot[(pc & kPageMask) >> 2];
  if (slot >= 0) return &insts_[slot];

  // Fetch the first dword, then only as many more as the instruction has: reading past the end of the code could
  // fault where the hardware does not.
  uint32_t words[4] = {};
  if (auto f = vm_.read(pc, words, 4, gpu::Unit::Shader, gpu::kExecute)) {
    fault = f;
    return nullptr;
  }
  uint8_t len = gfx9::instruction_length(words[0]);
  if (len > 4) {
    if (auto f = vm_.read(pc + 4, words + 1, len - 4, gpu::Unit::Shader, gpu::kExecute)) {
      fault = f;
      return nullptr;
    }
  }
  slot = static_cast<int32_t>(insts_.size());
  insts_.push_back(gfx9::decode(words, num_vgprs_));
  return &insts_.back();
}

}  // namespace sporkle::sim::isa
