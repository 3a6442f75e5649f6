// Differential test: every instruction of the assembled test shaders and compiled kernels (gfx900, gfx1030 wave32
// and wave64 objects) decodes, with its generation's decoder, to the mnemonic and length llvm-objdump-14 gives for
// the same bytes.
#include <gtest/gtest.h>

#include <cstring>
#include <sstream>

#include "harness.h"
#include "sim/isa/decoder.h"

namespace sporkle::sim::isa::test {
namespace {

struct ObjdumpLine {
  std::string mnemonic;
  uint64_t address;
  std::vector<uint32_t> words;
};

std::string normalize(std::string m) {
  for (const char* suffix : {"_e32", "_e64", "_sdwa", "_dpp"}) {
    size_t n = std::strlen(suffix);
    if (m.size() > n && m.compare(m.size() - n, n, suffix) == 0) return m.substr(0, m.size() - n);
  }
  return m;
}

std::vector<ObjdumpLine> parse(const std::string& dis) {
  std::vector<ObjdumpLine> out;
  std::istringstream in(dis);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] != '\t') continue;
    size_t slash = line.find("//");
    if (slash == std::string::npos) continue;
    ObjdumpLine l;
    std::istringstream asm_part(line.substr(0, slash));
    asm_part >> l.mnemonic;
    std::istringstream enc(line.substr(slash + 2));
    std::string addr;
    enc >> addr;
    l.address = std::stoull(addr, nullptr, 16);
    std::string word;
    while (enc >> word && word[0] != '<') l.words.push_back(uint32_t(std::stoul(word, nullptr, 16)));
    out.push_back(l);
  }
  return out;
}

struct Object {
  const char* name;
  spec::GfxLevel gfx;
};

class Disassembly : public ::testing::TestWithParam<Object> {};

TEST_P(Disassembly, MnemonicAndLengthMatchLlvmObjdump) {
  ShaderFile s = ShaderFile::load(GetParam().name);
  const Decoder& dec = decoder_for(GetParam().gfx);
  auto lines = parse(s.disassembly);
  ASSERT_GT(lines.size(), 5u);
  size_t checked = 0;
  for (const auto& l : lines) {
    ASSERT_LE(l.address + 4 * l.words.size(), s.text.size());
    uint32_t words[4] = {};
    std::memcpy(words, s.text.data() + l.address, std::min<size_t>(16, s.text.size() - l.address));
    SCOPED_TRACE(l.mnemonic + " at 0x" + std::to_string(l.address));
    if (l.mnemonic == "<unknown>" || l.mnemonic == ".long") {  // bytes llvm cannot decode either
      EXPECT_EQ(dec.decode(words, 256).info, nullptr);
      continue;
    }
    EXPECT_EQ(dec.length(words), 4 * l.words.size());
    DecodedInst d = dec.decode(words, 256);
    ASSERT_NE(d.info, nullptr);
    EXPECT_EQ(std::string(d.info->mnemonic), normalize(l.mnemonic));
    ++checked;
  }
  EXPECT_GT(checked, 5u);
}

constexpr const char* kKernels[] = {"vadd", "saxpy", "reduce", "histogram", "matmul", "collatz", "int64_math",
                                    "double_math", "intdiv", "half_math", "private_array", "scratch_array"};

std::vector<Object> objects() {
  static std::vector<std::string> names;  // keeps the c_str()s alive
  if (names.empty()) {
    for (const char* k : kKernels)
      for (const char* suffix : {"", "_gfx1030", "_gfx1030_w64"}) names.push_back(std::string(k) + suffix);
  }
  std::vector<Object> v = {{"control", spec::GfxLevel::Gfx9},        {"memset", spec::GfxLevel::Gfx9},
                           {"ops", spec::GfxLevel::Gfx9},            {"ops_scalar", spec::GfxLevel::Gfx9},
                           {"ops_gfx10", spec::GfxLevel::Gfx10_3},   {"ops_gfx10_w64", spec::GfxLevel::Gfx10_3}};
  for (const std::string& n : names)
    v.push_back({n.c_str(), n.find("gfx1030") != std::string::npos ? spec::GfxLevel::Gfx10_3 : spec::GfxLevel::Gfx9});
  return v;
}

INSTANTIATE_TEST_SUITE_P(Objects, Disassembly, ::testing::ValuesIn(objects()),
                         [](const ::testing::TestParamInfo<Object>& i) { return std::string(i.param.name); });

}  // namespace
}  // namespace sporkle::sim::isa::test
