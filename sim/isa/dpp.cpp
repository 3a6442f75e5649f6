#include "sim/isa/dpp.h"

#include "sporkle/spec/isa.h"

namespace sporkle::sim::isa {

namespace c = spec::isa::dpp_ctrl;

bool dpp_ctrl_valid(uint32_t ctrl, bool gfx10) {
  if (ctrl <= c::QUAD_PERM_LAST) return true;
  bool row_shift = (ctrl > c::ROW_SHL0 && ctrl < c::ROW_SHL0 + 16) || (ctrl > c::ROW_SHR0 && ctrl < c::ROW_SHR0 + 16) ||
                   (ctrl > c::ROW_ROR0 && ctrl < c::ROW_ROR0 + 16);
  if (row_shift || ctrl == c::ROW_MIRROR || ctrl == c::ROW_HALF_MIRROR) return true;
  if (gfx10) return ctrl >= c::ROW_SHARE0 && ctrl < c::ROW_XMASK0 + 16;
  return ctrl == c::WAVE_SHL1 || ctrl == c::WAVE_ROL1 || ctrl == c::WAVE_SHR1 || ctrl == c::WAVE_ROR1 ||
         ctrl == c::ROW_BCAST15 || ctrl == c::ROW_BCAST31;
}

DppSources dpp16_sources(uint32_t ctrl, int lanes) {
  DppSources s;
  for (int i = 0; i < kLanes; ++i) {
    const int row = i & ~15, pos = i & 15, k = int(ctrl & 15);
    int src = i;
    bool ok = true;
    if (ctrl <= c::QUAD_PERM_LAST) {
      src = (i & ~3) | int((ctrl >> (2 * (i & 3))) & 3);
    } else if (ctrl < c::ROW_SHR0) {
      src = row + pos + k, ok = pos + k < 16;
    } else if (ctrl < c::ROW_ROR0) {
      src = row + pos - k, ok = pos >= k;
    } else if (ctrl < c::WAVE_SHL1) {
      src = row + ((pos - k) & 15);
    } else if (ctrl == c::WAVE_SHL1) {
      src = i + 1, ok = src < lanes;
    } else if (ctrl == c::WAVE_ROL1) {
      src = (i + 1) % lanes;
    } else if (ctrl == c::WAVE_SHR1) {
      src = i - 1, ok = i > 0;
    } else if (ctrl == c::WAVE_ROR1) {
      src = (i + lanes - 1) % lanes;
    } else if (ctrl == c::ROW_MIRROR) {
      src = row + 15 - pos;
    } else if (ctrl == c::ROW_HALF_MIRROR) {
      src = (i & ~7) + 7 - (i & 7);
    } else if (ctrl == c::ROW_BCAST15) {  // the last lane of the previous row
      src = row - 1, ok = row > 0;
    } else if (ctrl == c::ROW_BCAST31) {  // lane 31 to rows 2 and 3
      src = 31, ok = row >= 32;
    } else if (ctrl < c::ROW_XMASK0) {
      src = row + k;
    } else {
      src = row + (pos ^ k);
    }
    ok = ok && src >= 0 && src < lanes;
    s.lane[i] = uint8_t(ok ? src : i);
    if (ok) s.in_range |= uint64_t(1) << i;
  }
  return s;
}

DppSources dpp8_sources(uint32_t selects) {
  DppSources s;
  for (int i = 0; i < kLanes; ++i) s.lane[i] = uint8_t((i & ~7) | ((selects >> (3 * (i & 7))) & 7));
  s.in_range = ~uint64_t(0);
  return s;
}

}  // namespace sporkle::sim::isa
