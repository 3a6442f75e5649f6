// Data-parallel primitives (DPP): where each lane's src0 comes from. DPP (gfx9) and DPP16 (gfx10) move data within
// rows of 16 lanes (and, on gfx9, across the wave); DPP8 permutes within groups of 8. A source that falls off a row
// or the wave is out of range.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/isa/wave.h"

namespace sporkle::sim::isa {

// The handler the decoders give DPP forms (not a mnemonic): it moves src0 and runs the operation's own handler.
inline constexpr std::string_view kDppHandlerName = "<dpp>";

struct DppSources {
  uint8_t lane[kLanes];
  uint64_t in_range = 0;
};

// Whether the generation defines a DPP_CTRL value (gfx9: wave shifts and row broadcasts; gfx10: row share/xmask).
bool dpp_ctrl_valid(uint32_t ctrl, bool gfx10);
// Sources for a DPP_CTRL value the generation defines, in a wave of `lanes` lanes.
DppSources dpp16_sources(uint32_t ctrl, int lanes);
// Sources for the 24 bits of DPP8 lane selects (three per lane of a group of 8).
DppSources dpp8_sources(uint32_t selects);

}  // namespace sporkle::sim::isa
