// Helpers shared by the scalar handlers.
#pragma once

#include <bit>
#include <cstdint>

#include "sim/isa/decoded.h"
#include "sim/isa/operands.h"
#include "sim/isa/wave.h"

namespace sporkle::sim::isa {

inline uint32_t s0(const Wave& w, const DecodedInst& in) { return scalar32(w, in.src[0]); }
inline uint32_t s1(const Wave& w, const DecodedInst& in) { return scalar32(w, in.src[1]); }
inline uint64_t s0_64(const Wave& w, const DecodedInst& in) { return scalar64(w, in.src[0]); }
inline uint64_t s1_64(const Wave& w, const DecodedInst& in) { return scalar64(w, in.src[1]); }
inline void set_d(Wave& w, const DecodedInst& in, uint32_t v) { w.sgpr[in.sdst & kSgprMask] = v; }
inline void set_d64(Wave& w, const DecodedInst& in, uint64_t v) { w.set_sgpr64(in.sdst, v); }

// Values of the hardware registers s_getreg reads (hwreg ids in spec isa_gfx9.h).
uint32_t read_hwreg(const Wave& w, uint32_t id);
// s_setreg: writes the bits of the field; false if the register cannot be written by a shader.
bool write_hwreg(Wave& w, uint32_t id, uint32_t value, uint32_t mask);

}  // namespace sporkle::sim::isa
