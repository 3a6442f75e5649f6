// Differential test: every instruction of the assembled test shaders and compiled kernels decodes to the mnemonic
// and length llvm-objdump-14 gives for the same bytes.
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

class Disassembly : public ::testing::TestWithParam<const char*> {};

TEST_P(Disassembly, MnemonicAndLengthMatchLlvmObjdump) {
  ShaderFile s = ShaderFile::load(GetParam());
  auto lines = parse(s.disassembly);
  ASSERT_GT(lines.size(), 5u);
  size_t checked = 0;
  for (const auto& l : lines) {
    ASSERT_LE(l.address + 4 * l.words.size(), s.text.size());
    uint32_t words[4] = {};
    std::memcpy(words, s.text.data() + l.address, std::min<size_t>(16, s.text.size() - l.address));
    SCOPED_TRACE(l.mnemonic + " at 0x" + std::to_string(l.address));
    if (l.mnemonic == "<unknown>" || l.mnemonic == ".long") {  // bytes llvm cannot decode either
      EXPECT_EQ(gfx9::decode(words, 256).info, nullptr);
      continue;
    }
    EXPECT_EQ(gfx9::instruction_length(words[0]), 4 * l.words.size());
    DecodedInst d = gfx9::decode(words, 256);
    ASSERT_NE(d.info, nullptr);
    EXPECT_EQ(std::string(d.info->mnemonic), normalize(l.mnemonic));
    ++checked;
  }
  EXPECT_GT(checked, 5u);
}

INSTANTIATE_TEST_SUITE_P(Gfx9, Disassembly,
                         ::testing::Values("control", "memset", "ops", "ops_scalar", "vadd", "saxpy", "reduce",
                                           "histogram", "matmul", "collatz", "int64_math", "double_math", "intdiv",
                                           "half_math", "private_array", "scratch_array"));

}  // namespace
}  // namespace sporkle::sim::isa::test
