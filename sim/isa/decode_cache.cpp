#include "sim/isa/decode_cache.h"

#include "sim/isa/decoder.h"

namespace sporkle::sim::isa {

const DecodedInst* DecodeCache::fetch(uint64_t pc, std::optional<gpu::Fault>& fault) {
  uint64_t page = pc >> kPageShift;
  auto& p = pages_[page];
  if (!p) p = std::make_unique<Page>();
  last_page_ = page;
  last_ = p.get();
  const DecodedInst*& slot = p->slot[(pc & kPageMask) >> 2];
  if (slot) return slot;

  // Fetch the family's dwords, then only as many more as the instruction has: reading past the end of the code
  // could fault where the hardware does not.
  uint32_t words[4] = {};
  if (auto f = vm_.read(pc, words, 4, gpu::Unit::Shader, gpu::kExecute)) {
    fault = f;
    return nullptr;
  }
  uint8_t have = 4, base = decoder_.base_length(words[0]);
  if (base > have) {
    if (auto f = vm_.read(pc + have, words + 1, base - have, gpu::Unit::Shader, gpu::kExecute)) {
      fault = f;
      return nullptr;
    }
    have = base;
  }
  uint8_t len = decoder_.length(words);
  if (len > have) {
    if (auto f = vm_.read(pc + have, words + have / 4, len - have, gpu::Unit::Shader, gpu::kExecute)) {
      fault = f;
      return nullptr;
    }
  }
  insts_.push_back(decoder_.decode(words, num_vgprs_));
  slot = &insts_.back();
  return slot;
}

}  // namespace sporkle::sim::isa
