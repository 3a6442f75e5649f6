// Moves between lanes and scalars: v_readlane / v_readfirstlane (VGPR lane to SGPR), v_writelane. Lane selects
// wrap at the wave size.
#include <bit>

#include "sim/isa/valu.h"

namespace sporkle::sim::isa {

namespace {

using namespace valu;
using W = Wave;
using I = DecodedInst;

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
};

}  // namespace

std::span<const HandlerDef> valu_lane_handlers() { return kDefs; }

}  // namespace sporkle::sim::isa
