// Differential test: every instruction of the assembled test shaders and compiled kernels (gfx900, gfx1030 wave32
// and wave64 objects) decodes, with its generation's decoder, to the mnemonic, length and operands llvm-objdump-14
// gives for the same bytes (the comparison of objdump_diff.h, shared with fuzz_isa's differential check).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "harness.h"
#include "objdump_diff.h"
#include "sim/isa/decoder.h"

namespace sporkle::sim::isa::test {
namespace {

struct Object {
  const char* name;
  spec::GfxLevel gfx;
};

class Disassembly : public ::testing::TestWithParam<Object> {};

TEST_P(Disassembly, MatchesLlvmObjdump) {
  ShaderFile s = ShaderFile::load(GetParam().name);
  const Decoder& dec = decoder_for(GetParam().gfx);
  auto lines = objdump::parse(s.disassembly);
  ASSERT_GT(lines.size(), 5u);
  size_t checked = 0;
  for (const auto& l : lines) {
    ASSERT_LE(l.address + 4 * l.words.size(), s.text.size());
    uint32_t words[4] = {};
    std::memcpy(words, s.text.data() + l.address, std::min<size_t>(16, s.text.size() - l.address));
    SCOPED_TRACE(l.mnemonic + " at 0x" + std::to_string(l.address));
    const DecodedInst d = dec.decode(words, 256);
    if (l.unknown()) {  // bytes llvm cannot decode: the decoder refuses them too (no instruction, or invalid)
      EXPECT_TRUE(d.info == nullptr || d.invalid != nullptr);
      continue;
    }
    ASSERT_NE(d.info, nullptr);
    EXPECT_EQ(d.invalid, nullptr) << d.invalid;
    EXPECT_EQ(objdump::compare(l, words, dec, objdump::Check::Operands).mismatch, "");
    ++checked;
  }
  EXPECT_GT(checked, 5u);
}

// wave_reduce and half2_math are the dispatch suite's DPP / permlane and packed-f16 kernels.
constexpr const char* kKernels[] = {"vadd",       "saxpy",         "reduce",        "histogram",   "matmul",
                                    "collatz",    "int64_math",    "double_math",   "intdiv",      "half_math",
                                    "private_array", "scratch_array", "wave_reduce", "half2_math"};

std::vector<Object> objects() {
  static std::vector<std::string> names;  // keeps the c_str()s alive
  if (names.empty()) {
    for (const char* k : kKernels)
      for (const char* suffix : {"", "_gfx1030", "_gfx1030_w64"}) names.push_back(std::string(k) + suffix);
  }
  std::vector<Object> v = {{"control", spec::GfxLevel::Gfx9},        {"memset", spec::GfxLevel::Gfx9},
                           {"ops", spec::GfxLevel::Gfx9},            {"ops_scalar", spec::GfxLevel::Gfx9},
                           {"ops_gfx10", spec::GfxLevel::Gfx10_3},   {"ops_gfx10_w64", spec::GfxLevel::Gfx10_3},
                           {"dpp", spec::GfxLevel::Gfx9},            {"pk", spec::GfxLevel::Gfx9},
                           {"dpp_gfx10", spec::GfxLevel::Gfx10_3},   {"dpp_gfx10_w64", spec::GfxLevel::Gfx10_3},
                           {"pk_gfx10", spec::GfxLevel::Gfx10_3}};
  for (const std::string& n : names)
    v.push_back({n.c_str(), n.find("gfx1030") != std::string::npos ? spec::GfxLevel::Gfx10_3 : spec::GfxLevel::Gfx9});
  return v;
}

INSTANTIATE_TEST_SUITE_P(Objects, Disassembly, ::testing::ValuesIn(objects()),
                         [](const ::testing::TestParamInfo<Object>& i) { return std::string(i.param.name); });

}  // namespace
}  // namespace sporkle::sim::isa::test
