// Decoding PM4 and SDMA command streams into packets with named fields, from the packet tables in pm4.h,
// sdma.h and registers.h. Used by sporkle-decode and by the engines' SPORKLE_TRACE_PM4 log, so both show the
// same thing. A malformed or unknown packet is decoded as far as it goes and carries the reason in `error`.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sporkle/spec/personality.h"
#include "sporkle/spec/registers.h"

namespace sporkle::spec::decode {

struct FieldValue {
  std::string_view name;
  uint8_t dword;  // 0 = header
  uint32_t value;
  std::string meaning;  // e.g. an event or register name; empty if none
};

struct RegisterValue {
  uint32_t offset;        // absolute dword offset
  uint32_t value;
  std::string_view name;  // empty if the tables do not name it
};

// An indirect buffer a packet calls or chains to.
struct IbReference {
  uint64_t va;
  uint32_t size_dw;
  bool chain;
  bool constant;  // INDIRECT_BUFFER_CONST
};

struct Packet {
  uint32_t offset = 0;  // dword offset of the header in the stream
  uint32_t length = 1;  // dwords this packet spans in the stream (at least 1, never past the stream's end)
  std::string kind;     // "PKT0", "PKT1", "PKT2", "PKT3", "SDMA"
  std::string name;     // packet name; "UNKNOWN" when the tables do not define it
  uint32_t header = 0;
  uint32_t opcode = 0;
  uint32_t sub_op = 0;  // SDMA
  std::vector<FieldValue> fields;
  std::vector<RegisterValue> registers;  // register writes the packet carries (SET_*_REG, WRITE_DATA, type 0)
  std::vector<uint32_t> payload;         // data dwords that are neither fields nor register values
  std::string comment;                   // NOP comment packets (umr's 0x1337F77D text form)
  std::optional<IbReference> ib;
  std::string error;                     // why the packet is malformed, illegal here, or unknown
};

// Decodes the packet starting at dword `at` of `stream`.
Packet decode_pm4(std::span<const uint32_t> stream, uint32_t at, GfxLevel level, QueueMask queue);
Packet decode_sdma(std::span<const uint32_t> stream, uint32_t at, uint32_t sdma_version_major);

// Appends a umr-style listing: one line per dword with the fields it holds, `prefix` before each line.
void format_text(std::string& out, const Packet& p, std::span<const uint32_t> stream, std::string_view prefix = {});
// Appends the packet as one JSON object.
void format_json(std::string& out, const Packet& p);

}  // namespace sporkle::spec::decode
