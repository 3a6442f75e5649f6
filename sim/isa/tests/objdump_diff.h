// The decoder against llvm-objdump: parsing `llvm-objdump -d` output and comparing each line with what the
// decoder makes of the same bytes. Shared by the decoder's disassembly test (its own shaders) and fuzz_isa's
// differential check (the fuzz corpus).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/isa/decoder.h"

namespace sporkle::sim::isa::objdump {

struct Line {
  std::string mnemonic;           // as printed, e.g. v_add_u32_e32
  std::vector<std::string> operands;  // comma-separated operands; trailing modifiers (offset:, clamp) dropped
  uint64_t address = 0;
  std::vector<uint32_t> words;    // the encoding dwords objdump shows
  std::string note;               // objdump's "Error: ..." or "Warning: ..." after the encoding
  // Bytes llvm cannot decode: no instruction, or one with an operand it cannot read (an error note).
  bool unknown() const {
    if (mnemonic == "<unknown>" || mnemonic == ".long" || note.find("Error") != std::string::npos) return true;
    for (const std::string& o : operands)
      if (o.find("/*invalid") != std::string::npos) return true;
    return false;
  }
};

std::vector<Line> parse(const std::string& disassembly);

// The mnemonic without llvm's encoding suffix (_e32, _e64, _sdwa, _dpp), as the opcode tables name it.
std::string normalize(std::string mnemonic);

// The 9-bit source-operand code an operand prints as (v7 -> 263, s[4:5] -> 4, vcc -> 106, 1.0 -> 242,
// 0x1234 -> 255), with neg/abs/sext modifiers removed; -1 when the text is not a source operand. literal gets
// the value of a literal.
int operand_code(std::string text, uint32_t* literal = nullptr);

enum class Check { MnemonicAndLength, Operands };

struct Verdict {
  bool compared_operands = false;  // the encoding's operands are compared (else mnemonic and length only)
  std::string mismatch;            // empty when both agree
};

// Compares line with the decoder's reading of words (the bytes at line.address, padded to four dwords).
// Requires !line.unknown() and a decoded instruction.
Verdict compare(const Line& line, const uint32_t* words, const Decoder& decoder, Check check);

}  // namespace sporkle::sim::isa::objdump
