// fuzz_isa's differential check: every input (config byte, then code, as fuzz_isa reads it) is disassembled by
// llvm-objdump for its generation and wave size and decoded by the simulator's decoder at the same addresses;
// where both decode an instruction, length, mnemonic and the ALU operands must agree (objdump_diff.h).
//   sporkle_isa_objdump_diff <llvm-mc> <llvm-objdump> <file or directory>...
// Exit status 1 on any disagreement, listing input, address, bytes and both readings.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "sim/isa/decoder.h"
#include "sim/isa/tests/objdump_diff.h"

namespace {

namespace fs = std::filesystem;
namespace isa = sporkle::sim::isa;
namespace objdump = isa::objdump;

// fuzz_isa.cpp's byte 0: bits [1:0] pick the generation (1: gfx1030 wave32, 2: gfx1030 wave64, else gfx900).
struct Target {
  sporkle::spec::GfxLevel gfx;
  const char* mcpu;
  const char* mattr;
};
Target target(uint8_t cfg) {
  switch (cfg & 3) {
    case 1: return {sporkle::spec::GfxLevel::Gfx10_3, "gfx1030", "+wavefrontsize32"};
    case 2: return {sporkle::spec::GfxLevel::Gfx10_3, "gfx1030", "+wavefrontsize64"};
    default: return {sporkle::spec::GfxLevel::Gfx9, "gfx900", ""};
  }
}

std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  if (pclose(p) != 0) out.clear();
  return out;
}

struct Totals {
  size_t inputs = 0, compared = 0, operands = 0, llvm_only = 0, decoder_only = 0, objdump_failed = 0, mismatches = 0;
};

void check(const fs::path& file, const std::string& mc, const std::string& dump, const fs::path& tmp, Totals& t) {
  std::ifstream in(file, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  if (bytes.size() < 5) return;
  ++t.inputs;
  const Target tg = target(bytes[0]);
  std::vector<uint8_t> code(bytes.begin() + 1, bytes.end());
  code.resize(code.size() & ~size_t{3});  // llvm decodes whole dwords only
  {
    std::ofstream s(tmp / "in.s");
    s << ".text\n";
    for (uint8_t b : code) s << ".byte " << unsigned(b) << "\n";
  }
  const std::string attr = *tg.mattr ? std::string(" --mattr=") + tg.mattr : "";
  const std::string obj = (tmp / "in.o").string();
  if (std::system((mc + " -arch=amdgcn -mcpu=" + tg.mcpu + attr + " -filetype=obj " + (tmp / "in.s").string() +
                   " -o " + obj).c_str()) != 0) {
    std::printf("%s: llvm-mc failed\n", file.c_str());
    ++t.mismatches;
    return;
  }
  const std::string dis = run(dump + " -d --mcpu=" + tg.mcpu + attr + " " + obj);
  if (dis.empty()) {
    // llvm-objdump-14 crashes on a few byte sequences: nothing to compare with.
    std::printf("%s: llvm-objdump failed, skipped\n", file.c_str());
    ++t.objdump_failed;
    return;
  }
  const isa::Decoder& dec = isa::decoder_for(tg.gfx);
  code.resize(code.size() + 16, 0);
  for (const objdump::Line& l : objdump::parse(dis)) {
    if (l.address + 4 > code.size() - 16) break;
    uint32_t words[4];
    std::memcpy(words, code.data() + l.address, sizeof words);
    // An instruction the decoder knows but marks invalid (an operand it cannot take) never executes: refused.
    const isa::DecodedInst mine = dec.decode(words, 256);
    const bool ours = mine.info != nullptr && mine.invalid == nullptr;
    if (l.unknown() && !ours) continue;  // both refuse these bytes
    if (l.unknown() != !ours) {
      // One side decodes what the other refuses: the shader stops here on the simulator, or llvm cannot say what
      // follows. Reported, not compared.
      (ours ? t.decoder_only : t.llvm_only)++;
      std::string theirs = l.mnemonic;
      for (size_t i = 0; i < l.operands.size(); ++i) theirs += (i ? ", " : " ") + l.operands[i];
      if (!l.note.empty()) theirs += " ; " + l.note;
      std::string mine_text = mine.info ? std::string(mine.info->mnemonic) : "no instruction";
      if (mine.invalid) mine_text += std::string(" (invalid: ") + mine.invalid + ")";
      std::printf("%s (%s%s) +0x%llx: %08X %08X decoded by %s only\n  llvm-objdump: %s\n  decoder: %s\n",
                  file.c_str(), tg.mcpu, attr.c_str(), (unsigned long long)l.address, words[0], words[1],
                  ours ? "the decoder" : "llvm-objdump", theirs.c_str(), mine_text.c_str());
      break;
    }
    objdump::Verdict v = objdump::compare(l, words, dec, objdump::Check::Operands);
    ++t.compared;
    t.operands += v.compared_operands;
    if (v.mismatch.empty()) continue;
    ++t.mismatches;
    std::printf("%s (%s%s) +0x%llx:", file.c_str(), tg.mcpu, attr.c_str(), (unsigned long long)l.address);
    for (uint32_t w : l.words) std::printf(" %08X", w);
    std::printf("\n  llvm-objdump: %s", l.mnemonic.c_str());
    for (size_t i = 0; i < l.operands.size(); ++i) std::printf("%s%s", i ? ", " : " ", l.operands[i].c_str());
    std::printf("\n  decoder: %s\n", v.mismatch.c_str());
    break;  // the rest of the stream may be read from different offsets
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s <llvm-mc> <llvm-objdump> <file or directory>...\n", argv[0]);
    return 2;
  }
  const fs::path tmp = fs::temp_directory_path() / ("sporkle-isa-diff-" + std::to_string(getpid()));
  fs::create_directories(tmp);
  Totals t;
  for (int i = 3; i < argc; ++i) {
    std::vector<fs::path> files;
    if (fs::is_directory(argv[i])) {
      for (const auto& e : fs::directory_iterator(argv[i]))
        if (e.is_regular_file()) files.push_back(e.path());
    } else if (fs::exists(argv[i])) {
      files.push_back(argv[i]);
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) check(f, argv[1], argv[2], tmp, t);
  }
  fs::remove_all(tmp);
  std::printf("%zu inputs, %zu instructions compared (%zu with operands); decoded by llvm only: %zu, by the decoder "
              "only: %zu; llvm-objdump failed on %zu; %zu disagreements\n",
              t.inputs, t.compared, t.operands, t.llvm_only, t.decoder_only, t.objdump_failed, t.mismatches);
  return t.mismatches || t.compared == 0 ? 1 : 0;
}
