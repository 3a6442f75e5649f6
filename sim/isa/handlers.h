// Operation handlers: one function per operation, found by mnemonic when an instruction is decoded and called
// through a table index. A handler runs the whole wave (all 64 lanes) for one instruction.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "sim/isa/decoded.h"
#include "sim/isa/wave.h"

namespace sporkle::sim::isa {

enum class Flow : uint8_t {
  Next,  // continue at pc + length
  Jump,  // the handler set wave.pc
  Stop,  // wave.status says why (ended, barrier, fault); wave.pc points after a barrier
};

using Handler = Flow (*)(Wave&, const DecodedInst&);

struct HandlerDef {
  std::string_view mnemonic;
  Handler fn;
};

// Handlers by area; each file defines one list.
std::span<const HandlerDef> sop_handlers();
std::span<const HandlerDef> sopp_handlers();
std::span<const HandlerDef> smem_handlers();
std::span<const HandlerDef> valu_int_handlers();
std::span<const HandlerDef> valu_float_handlers();
std::span<const HandlerDef> valu_cmp_handlers();
std::span<const HandlerDef> valu_lane_handlers();
std::span<const HandlerDef> valu_packed_handlers();
std::span<const HandlerDef> ds_handlers();
std::span<const HandlerDef> buffer_handlers();
std::span<const HandlerDef> flat_handlers();

inline constexpr uint16_t kIllegalHandler = 0;
// Index of the handler for a mnemonic, kIllegalHandler if none implements it.
uint16_t handler_index(std::string_view mnemonic);
Handler handler_at(uint16_t index);
// The whole table, for the interpreter loop (indices from decoding are always in range).
std::span<const Handler> handler_table();

// Stops the wave with a fault status; returns Flow::Stop.
Flow stop(Wave& w, WaveStatus status, std::string diagnostic);
Flow illegal(Wave& w, const DecodedInst& in, std::string_view why);

}  // namespace sporkle::sim::isa
