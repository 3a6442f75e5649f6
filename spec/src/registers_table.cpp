#include "sporkle/spec/registers.h"

namespace sporkle::spec::reg {

namespace {
constexpr bool sorted() {
  for (size_t i = 1; i < std::size(kRegisters); ++i)
    if (kRegisters[i - 1].offset > kRegisters[i].offset) return false;
  return true;
}
static_assert(sorted(), "kRegisters must be sorted by offset");
}  // namespace

const Register* find_register(uint32_t offset, GfxLevel level) {
  for (const Register& r : kRegisters)
    if (r.offset == offset && (r.gens & gen_bit(level))) return &r;
  return nullptr;
}

const RegisterSpace* find_space(uint32_t offset) {
  for (const RegisterSpace& s : kSpaces)
    if (s.contains(offset)) return &s;
  return nullptr;
}

}  // namespace sporkle::spec::reg
