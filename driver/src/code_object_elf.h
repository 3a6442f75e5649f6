// The ELF side of an AMDHSA code object: identity, the loaded image built from PT_LOAD segments, the symbol
// table and the metadata note. Every offset, size and index is checked against the file before use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace sporkle::detail {

struct ElfSymbol {
  uint64_t value = 0;  // virtual address
  uint64_t size = 0;
  uint8_t type = 0;    // STT_*
};

struct ElfImage {
  uint8_t abi_version = 0;
  uint32_t e_flags = 0;
  uint64_t base = 0;               // virtual address of image[0] (the first segment's page)
  std::vector<std::byte> image;    // PT_LOAD segments, zero-filled between and after file contents
  struct Range {
    uint64_t begin, end;  // virtual addresses
  };
  std::vector<Range> executable;   // PF_X segments
  std::map<std::string, ElfSymbol, std::less<>> symbols;
  std::vector<std::byte> metadata;  // NT_AMDGPU_METADATA descriptor; empty if there is none
};

// Limits that keep a hostile file from asking for unbounded memory.
inline constexpr uint64_t kMaxImageBytes = 64ull << 20;
inline constexpr uint64_t kMaxSymbols = 1u << 16;

ElfImage read_elf(std::span<const std::byte> file);

}  // namespace sporkle::detail
