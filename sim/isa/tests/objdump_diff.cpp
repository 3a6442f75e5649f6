#include "objdump_diff.h"

#include <cstdio>
#include <cstring>
#include <sstream>

namespace sporkle::sim::isa::objdump {

namespace src = spec::isa::src;
using spec::isa::Encoding;

namespace {

// Splits "a, b[1,2], c mod:1" at the commas outside brackets; the last operand loses its trailing modifiers.
std::vector<std::string> split_operands(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  for (char c : text) {
    if (c == '[' || c == '(') ++depth;
    if (c == ']' || c == ')') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(cur);
      cur.clear();
      continue;
    }
    cur += c;
  }
  if (!cur.empty()) out.push_back(cur);
  for (std::string& o : out) {
    size_t b = o.find_first_not_of(' ');
    o = b == std::string::npos ? "" : o.substr(b);
  }
  // Modifiers follow the last operand after a space ("s[0:1] offset:256", "v3 clamp"); an operand itself has no
  // space except inside a modifier function ("neg(v1)", "|v1|" have none either).
  if (!out.empty()) {
    std::string& last = out.back();
    size_t sp = last.find(' ');
    if (sp != std::string::npos) last = last.substr(0, sp);
    if (last.find(':') != std::string::npos && last.find('[') == std::string::npos) out.pop_back();  // "offset:4"
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

int register_base(const std::string& t, const char* prefix) {
  size_t n = std::strlen(prefix);
  if (t.compare(0, n, prefix) != 0 || t.size() == n) return -1;
  const char* p = t.c_str() + n;
  if (*p == '[') ++p;
  if (*p < '0' || *p > '9') return -1;
  return std::atoi(p);
}

struct Named {
  const char* name;
  uint16_t code;
};
constexpr Named kNamed[] = {
    {"vcc", src::VCC_LO},          {"vcc_lo", src::VCC_LO},
    {"vcc_hi", src::VCC_HI},       {"exec", src::EXEC_LO},
    {"exec_lo", src::EXEC_LO},     {"exec_hi", src::EXEC_HI},
    {"m0", src::M0},               {"flat_scratch", 102},
    {"flat_scratch_lo", 102},      {"flat_scratch_hi", 103},
    {"xnack_mask", 104},           {"xnack_mask_lo", 104},
    {"xnack_mask_hi", 105},        {"null", 125},
    {"src_shared_base", src::SHARED_BASE},     {"src_shared_limit", src::SHARED_LIMIT},
    {"src_private_base", src::PRIVATE_BASE},   {"src_private_limit", src::PRIVATE_LIMIT},
    {"src_pops_exiting_wave_id", src::POPS_EXITING_WAVE_ID},
    {"src_vccz", src::VCCZ},       {"vccz", src::VCCZ},
    {"src_execz", src::EXECZ},     {"execz", src::EXECZ},
    {"src_scc", src::SCC},         {"scc", src::SCC},
    {"src_lds_direct", src::LDS_DIRECT}, {"lds_direct", src::LDS_DIRECT},
};
constexpr const char* kInlineFloats[] = {"0.5", "-0.5", "1.0", "-1.0", "2.0", "-2.0", "4.0", "-4.0", "0.15915494"};

bool is_vcc(const std::string& t) { return t == "vcc" || t == "vcc_lo"; }

}  // namespace

std::vector<Line> parse(const std::string& disassembly) {
  std::vector<Line> out;
  std::istringstream in(disassembly);
  std::string text;
  while (std::getline(in, text)) {
    if (text.empty() || text[0] != '\t') continue;
    size_t slash = text.find("//");
    if (slash == std::string::npos) continue;
    Line l;
    std::string asm_part = text.substr(1, slash - 1);
    size_t end = asm_part.find_last_not_of(' ');
    asm_part = end == std::string::npos ? "" : asm_part.substr(0, end + 1);
    size_t sp = asm_part.find(' ');
    l.mnemonic = asm_part.substr(0, sp);
    if (sp != std::string::npos) l.operands = split_operands(asm_part.substr(sp + 1));
    std::istringstream enc(text.substr(slash + 2));
    std::string addr;
    enc >> addr;
    l.address = std::stoull(addr, nullptr, 16);
    std::string word;
    while (enc >> word && word[0] != '<' && word[0] != ';') l.words.push_back(uint32_t(std::stoul(word, nullptr, 16)));
    if (size_t semi = text.find("; ", slash); semi != std::string::npos) l.note = text.substr(semi + 2);
    out.push_back(std::move(l));
  }
  return out;
}

std::string normalize(std::string m) {
  for (const char* suffix : {"_e32", "_e64", "_sdwa", "_dpp"}) {
    size_t n = std::strlen(suffix);
    if (m.size() > n && m.compare(m.size() - n, n, suffix) == 0) return m.substr(0, m.size() - n);
  }
  return m;
}

int operand_code(std::string t, uint32_t* literal) {
  // Source modifiers: -x, |x|, abs(x), neg(x), sext(x).
  for (bool changed = true; changed;) {
    changed = false;
    if (t.size() > 1 && t[0] == '-' && (t[1] < '0' || t[1] > '9')) {
      t = t.substr(1), changed = true;
    }
    if (t.size() > 2 && t.front() == '|' && t.back() == '|') t = t.substr(1, t.size() - 2), changed = true;
    for (const char* f : {"abs(", "neg(", "sext("}) {
      size_t n = std::strlen(f);
      if (t.size() > n && t.compare(0, n, f) == 0 && t.back() == ')') t = t.substr(n, t.size() - n - 1), changed = true;
    }
  }
  if (int r = register_base(t, "v"); r >= 0) return src::VGPR0 + r;
  if (int r = register_base(t, "s"); r >= 0) return r;
  if (int r = register_base(t, "ttmp"); r >= 0) return src::TTMP0 + r;
  for (const Named& n : kNamed)
    if (t == n.name) return n.code;
  for (int i = 0; i < 9; ++i)
    if (t == kInlineFloats[i]) return src::FLOAT_FIRST + i;
  if (t == "0.15915494309189532") return src::FLOAT_FIRST + 8;  // 1/(2pi) of a 64-bit operand
  if (t.empty()) return -1;
  char* end = nullptr;
  long long v = std::strtoll(t.c_str(), &end, 0);
  if (*end != '\0') return -1;
  if (v >= 0 && v <= 64 && t.compare(0, 2, "0x") != 0) return src::ZERO + static_cast<int>(v);
  if (v >= -16 && v < 0) return src::INT_NEG_FIRST - 1 - static_cast<int>(v);
  if (literal) *literal = static_cast<uint32_t>(v);
  return src::LITERAL;
}

Verdict compare(const Line& line, const uint32_t* words, const Decoder& decoder, Check check) {
  Verdict v;
  char buf[256];
  const uint32_t length = decoder.length(words);
  if (length != 4 * line.words.size()) {
    std::snprintf(buf, sizeof buf, "length %u bytes, llvm-objdump %zu", length, 4 * line.words.size());
    v.mismatch = buf;
    return v;
  }
  const DecodedInst d = decoder.decode(words, 256);
  if (!d.info) return v;  // the caller compares decoded instructions only
  if (std::string(d.info->mnemonic) != normalize(line.mnemonic)) {
    v.mismatch = "mnemonic " + std::string(d.info->mnemonic);
    return v;
  }
  if (check != Check::Operands) return v;
  // Register and constant operands of the scalar and vector ALU encodings; SDWA/DPP forms and v_madmk/madak
  // (whose literal sits between the sources) print operands the decoder holds elsewhere.
  const std::string mn = line.mnemonic;
  const bool special_valu = (d.flags & (kFlagSdwa | kFlagDpp)) || mn.find("mk_") != std::string::npos ||
                            mn.find("ak_") != std::string::npos;
  const bool salu = d.enc == Encoding::SOP1 || d.enc == Encoding::SOP2 || d.enc == Encoding::SOPC;
  const bool valu = !special_valu && (d.enc == Encoding::VOP1 || d.enc == Encoding::VOP2 ||
                                      d.enc == Encoding::VOPC || d.enc == Encoding::VOP3);
  if (!salu && !valu) return v;
  v.compared_operands = true;

  // The decoder's operands in llvm's order: destinations, then the sources it holds.
  std::vector<int> expected;
  const std::vector<std::string>& ops = line.operands;
  int sources = 0;
  for (const Operand& o : d.src) sources += o.kind != OperandKind::None;
  if (salu) {
    if (d.enc != Encoding::SOPC && ops.size() > static_cast<size_t>(sources)) expected.push_back(d.sdst);
  } else if (!ops.empty()) {
    int first = operand_code(ops[0]);
    // VOPC e32 writes VCC (or EXEC) implicitly, gfx10 v_cmpx EXEC only.
    const bool has_dst = (d.enc != Encoding::VOPC || d.flags & kFlagE64) && !(d.flags & kFlagExecOnly);
    if (has_dst && first >= static_cast<int>(src::VGPR0)) expected.push_back(src::VGPR0 + d.vdst);
    else if (has_dst && first >= 0) expected.push_back(d.sdst);
    // VOP3b: a scalar carry or condition destination after the vector one.
    if (d.enc == Encoding::VOP3 && !expected.empty() && expected[0] >= static_cast<int>(src::VGPR0) &&
        ops.size() == static_cast<size_t>(sources) + 2)
      expected.push_back(d.sdst);
  }
  // v_mac, v_fmac, v_dot*c accumulate into their destination: the decoder holds it as a third source, llvm prints
  // it once.
  const Operand& acc = d.src[2];
  const bool accumulates = d.enc != Encoding::VOP3 || mn.find("mac_") != std::string::npos;
  const bool accumulator = accumulates && acc.kind == OperandKind::Vgpr && acc.reg == d.vdst &&
                           ops.size() + 1 == expected.size() + static_cast<size_t>(sources);
  std::vector<uint64_t> values(expected.size(), 0);
  for (int k = 0; k < 3; ++k) {
    const Operand& o = d.src[k];
    if (o.kind == OperandKind::None || (accumulator && k == 2)) continue;
    expected.push_back(o.code);
    values.push_back(o.value);
  }
  // A literal shows as the 32 bits encoded: the operand value's low or (f64) high half.
  auto literal_matches = [&](size_t at, uint32_t lit) {
    return lit == d.literal || lit == static_cast<uint32_t>(values[at]) || lit == static_cast<uint32_t>(values[at] >> 32);
  };

  if (ops.empty()) return v;  // v_nop and the like: the decoder may hold an unused source field
  size_t i = 0;
  for (size_t k = 0; k < ops.size(); ++k) {
    uint32_t lit = 0;
    int code = operand_code(ops[k], &lit);
    if (i < expected.size() && expected[i] == src::LITERAL && code >= src::ZERO && code <= src::INT_NEG_LAST) {
      // llvm prints a literal that an inline constant could have encoded as that constant's decimal value.
      long long n = std::strtoll(ops[k].c_str(), nullptr, 10);
      if (literal_matches(i, static_cast<uint32_t>(n))) {
        ++i;
        continue;
      }
    }
    // A float inline constant of a 16-bit integer operand prints as its f16 bit pattern.
    if (i < expected.size() && code == src::LITERAL && expected[i] >= src::FLOAT_FIRST &&
        expected[i] <= src::FLOAT_LAST && lit == spec::isa::kInlineF16[expected[i] - src::FLOAT_FIRST])
      code = expected[i];
    // A 64-bit SGPR operand with an odd register: llvm names the even pair and warns; the decoder keeps the code.
    if (i < expected.size() && line.note.find("isn't aligned") != std::string::npos && code >= 0 && code < src::M0 &&
        expected[i] == code + 1)
      code = expected[i];
    // A literal of a 16-bit operand: llvm prints the low half, the half the operation reads.
    if (i < expected.size() && code == src::LITERAL && expected[i] == src::LITERAL && lit <= 0xFFFF &&
        lit == (d.literal & 0xFFFF))
      lit = d.literal;
    // gfx10's null destination (code 125): the decoder holds a discarded write as code 128.
    if (i < expected.size() && ops[k] == "null" && expected[i] == src::ZERO) code = src::ZERO;
    if (i < expected.size() && code == expected[i]) {
      if (code == src::LITERAL && !literal_matches(i, lit)) {
        std::snprintf(buf, sizeof buf, "literal 0x%llx, llvm-objdump %s", (unsigned long long)values[i],
                      ops[k].c_str());
        v.mismatch = buf;
        return v;
      }
      ++i;
      continue;
    }
    // VOP2/VOPC e32 read or write VCC without an operand field: llvm prints it, the decoder need not hold it.
    if (is_vcc(ops[k]) && !(d.flags & kFlagE64) && d.enc != Encoding::VOP3 && !salu) continue;
    std::snprintf(buf, sizeof buf, "operand %zu is %s, the decoder has code %d", k, ops[k].c_str(),
                  i < expected.size() ? expected[i] : -1);
    v.mismatch = buf;
    return v;
  }
  if (i != expected.size()) {
    std::snprintf(buf, sizeof buf, "the decoder has %zu operands, llvm-objdump prints %zu", expected.size(), i);
    v.mismatch = buf;
  }
  return v;
}

}  // namespace sporkle::sim::isa::objdump
