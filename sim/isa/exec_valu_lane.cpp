// Moves between lanes and scalars: v_readlane / v_readfirstlane (VGPR lane to SGPR), v_writelane; lane
// permutes: DPP (any VOP1/VOP2/VOPC operation with a DPP or DPP8 dword) and gfx10's v_permlane16 / v_permlanex16.
// Lane selects wrap at the wave size.
#include <bit>

#include "sim/isa/dpp.h"
#include "sim/isa/valu.h"

namespace sporkle::sim::isa {

namespace {

using namespace valu;
using W = Wave;
using I = DecodedInst;

uint64_t bit(int i) { return uint64_t(1) << i; }

// Runs the operation with src0 replaced by per-lane values and EXEC narrowed to `enable`. The values go to a VGPR
// row the instruction does not otherwise name, restored afterwards; an operation that writes EXEC (v_cmpx) keeps
// its result.
Flow run_with_src0(W& w, const I& in, const uint32_t* src0, uint64_t enable) {
  uint16_t row = 0;
  auto named = [&](uint16_t r) {
    for (int k = 1; k < 3; ++k)
      if (in.src[k].kind == OperandKind::Vgpr && in.src[k].reg == r) return true;
    return in.info->dst != spec::isa::OperandType::None && in.vdst == r;
  };
  while (named(row)) ++row;
  I op = in;
  op.src[0].kind = OperandKind::Vgpr;
  op.src[0].reg = row;
  op.imm2 = 0;
  op.flags &= uint16_t(~(kFlagDpp | kFlagDpp8 | kFlagFetchInactive));
  alignas(64) uint32_t saved[kLanes];
  std::memcpy(saved, w.vgpr[row], sizeof saved);
  std::memcpy(w.vgpr[row], src0, sizeof saved);
  const uint32_t exec_lo = w.sgpr[spec::isa::src::EXEC_LO], exec_hi = w.sgpr[spec::isa::src::EXEC_HI];
  w.set_exec(enable);
  Flow f = handler_at(in.base_handler)(w, op);
  std::memcpy(w.vgpr[row], saved, sizeof saved);
  if (!(in.info->flags & spec::isa::kWritesExec)) {
    w.sgpr[spec::isa::src::EXEC_LO] = exec_lo;
    w.sgpr[spec::isa::src::EXEC_HI] = exec_hi;
  }
  return f;
}

// DPP/DPP16: a source lane is invalid when out of range or inactive (unless FI); BOUND_CTRL makes an invalid
// source read 0, otherwise the lane is not written. ROW_MASK and BANK_MASK disable whole rows and banks.
// DPP8: inactive sources read 0 unless FI.
Flow dpp(W& w, const I& in) {
  const bool dpp8 = in.flags & kFlagDpp8, fi = in.flags & kFlagFetchInactive;
  namespace f = spec::isa::gfx9::dpp;  // the DPP16 fields keep the gfx9 positions
  const DppSources s = dpp8 ? dpp8_sources(in.imm2 >> spec::isa::gfx10::dpp8::LANE_SEL_LO)
                            : dpp16_sources(f::DPP_CTRL.get(in.imm2), w.lanes);
  const uint64_t exec = w.exec();
  const uint32_t* v = w.vgpr[in.src[0].reg & 255];
  alignas(64) uint32_t moved[kLanes];
  uint64_t valid = 0;
  for (int i = 0; i < kLanes; ++i) {
    const int src = s.lane[i];
    const bool ok = ((s.in_range >> i) & 1) && (fi || ((exec >> src) & 1));
    moved[i] = ok ? v[src] : 0;
    valid |= uint64_t(ok) << i;
  }
  uint64_t enable = exec;
  if (!dpp8) {
    const uint32_t rows = f::ROW_MASK.get(in.imm2), banks = f::BANK_MASK.get(in.imm2);
    for (int i = 0; i < kLanes; ++i)
      if (!((rows >> (i >> 4)) & 1) || !((banks >> ((i >> 2) & 3)) & 1)) enable &= ~bit(i);
    if (!f::BOUND_CTRL.get(in.imm2)) enable &= valid;
  }
  return run_with_src0(w, in, moved, enable);
}

// v_permlane16 (within each row) and v_permlanex16 (from the other row of each pair): lane selects are the 64 bits
// S2:S1, four per lane of a row. OP_SEL[0] (FI) reads inactive lanes; otherwise an inactive source reads 0 with
// OP_SEL[1] (BOUND_CTRL) or leaves the lane unwritten.
template <bool kCross>
Flow permlane(W& w, const I& in) {
  namespace p = spec::isa::gfx10::permlane;
  const uint64_t sel = scalar32(w, in.src[1]) | uint64_t(scalar32(w, in.src[2])) << 32;
  const bool fi = in.imm2 & p::OP_SEL_FI, bound = in.imm2 & p::OP_SEL_BOUND_CTRL;
  const uint64_t exec = w.exec();
  L32 t0, r;
  const uint32_t* a = lanes32(w, in.src[0], t0.v);
  uint64_t enable = exec;
  for (int i = 0; i < kLanes; ++i) {
    const int row = (i & ~15) ^ (kCross ? 16 : 0);
    const int src = row | int((sel >> (4 * (i & 15))) & 15);
    const bool ok = fi || ((exec >> src) & 1);
    r.v[i] = ok ? a[src] : 0;
    if (!ok && !bound) enable &= ~bit(i);
  }
  store32(w, in.vdst, r.v, enable);
  return Flow::Next;
}

constexpr HandlerDef kDefs[] = {
    {"v_readlane_b32", [](W& w, const I& in) {
       uint32_t lane = scalar32(w, in.src[1]) & (w.lanes - 1);
       w.sgpr[in.sdst & kSgprMask] = w.vgpr[in.src[0].reg & 255][lane];
       return Flow::Next;
     }},
    // The first active lane, or lane 0 when EXEC is empty.
    {"v_readfirstlane_b32", [](W& w, const I& in) {
       uint64_t e = w.exec();
       int lane = e ? std::countr_zero(e) : 0;
       L32 t;
       const uint32_t* v = lanes32(w, in.src[0], t.v);
       w.sgpr[in.sdst & kSgprMask] = v[lane];
       return Flow::Next;
     }},
    {"v_writelane_b32", [](W& w, const I& in) {
       uint32_t lane = scalar32(w, in.src[1]) & (w.lanes - 1);
       w.vgpr[in.vdst & 255][lane] = scalar32(w, in.src[0]);
       return Flow::Next;
     }},
    {"v_permlane16_b32", permlane<false>},
    {"v_permlanex16_b32", permlane<true>},
    // Not a mnemonic: the decoders give DPP forms this handler, which runs the operation's own.
    {kDppHandlerName, dpp},
};

}  // namespace

std::span<const HandlerDef> valu_lane_handlers() { return kDefs; }

}  // namespace sporkle::sim::isa
