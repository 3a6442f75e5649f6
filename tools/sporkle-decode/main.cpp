// sporkle-decode: lists PM4 (GFX or compute queue) and SDMA command streams packet by packet, with every field
// and register named for the chosen generation, from a file of binary dwords or from hex on stdin. Indirect
// buffers are followed into the memory images given with --mem.
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sporkle/spec/decode.h"
#include "sporkle/spec/personality.h"

namespace {

using sporkle::spec::GfxLevel;
namespace decode = sporkle::spec::decode;

enum class Ring { Gfx, Compute, Sdma };

struct MemoryImage {
  uint64_t va;
  std::vector<uint32_t> dwords;
};

struct Options {
  const sporkle::spec::Personality* gpu = nullptr;
  Ring ring = Ring::Gfx;
  bool json = false;
  std::string input;  // empty or "-": hex on stdin
  std::vector<MemoryImage> memory;
};

constexpr unsigned kMaxIbDepth = 4;

void usage(FILE* f) {
  std::fputs(
      "usage: sporkle-decode [--gpu gfx900|gfx1030] [--ring gfx|compute|sdma] [--json] [--mem VA=FILE]... [FILE]\n"
      "  FILE     little-endian binary dwords; without FILE (or with -), hex dwords on stdin\n"
      "  --gpu    the generation whose packet layouts and register names apply (default gfx900)\n"
      "  --ring   the queue the stream was submitted to: gfx (default), compute, or sdma\n"
      "  --mem    a memory image at GPU VA (hex or decimal): indirect buffers inside it are decoded too\n"
      "  --json   one JSON object per packet, one per line\n",
      f);
}

bool read_file(const std::string& path, std::vector<uint32_t>& out, std::string& error) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    error = path + ": " + std::strerror(errno);
    return false;
  }
  std::vector<uint8_t> bytes;
  uint8_t buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.insert(bytes.end(), buf, buf + n);
  std::fclose(f);
  if (bytes.size() % 4) {
    error = path + ": " + std::to_string(bytes.size()) + " bytes is not a whole number of dwords";
    return false;
  }
  out.resize(bytes.size() / 4);
  std::memcpy(out.data(), bytes.data(), bytes.size());
  return true;
}

// Hex dwords separated by whitespace or commas, with or without 0x; '#' starts a comment to the end of the line.
bool read_hex(FILE* f, std::vector<uint32_t>& out, std::string& error) {
  std::string token;
  int c;
  bool comment = false;
  auto flush = [&] {
    if (token.empty()) return true;
    std::string t = token;
    token.clear();
    if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) t = t.substr(2);
    char* end = nullptr;
    unsigned long long v = std::strtoull(t.c_str(), &end, 16);
    if (t.empty() || *end || v > 0xFFFFFFFFull) {
      error = "not a hex dword: '" + t + "'";
      return false;
    }
    out.push_back(static_cast<uint32_t>(v));
    return true;
  };
  while ((c = std::fgetc(f)) != EOF) {
    if (c == '\n') comment = false;
    if (comment) continue;
    if (c == '#') {
      comment = true;
      if (!flush()) return false;
      continue;
    }
    if (std::isspace(c) || c == ',') {
      if (!flush()) return false;
      continue;
    }
    token.push_back(static_cast<char>(c));
  }
  return flush();
}

const MemoryImage* find_memory(const Options& o, uint64_t va, uint64_t bytes) {
  for (const MemoryImage& m : o.memory)
    if (va >= m.va && va + bytes <= m.va + m.dwords.size() * 4 && (va - m.va) % 4 == 0) return &m;
  return nullptr;
}

struct Decoder {
  const Options& o;
  std::set<std::pair<uint64_t, uint32_t>> seen;  // IBs already listed (chains may loop)
  bool malformed = false;

  void stream(std::span<const uint32_t> words, const std::string& prefix, unsigned depth) {
    GfxLevel level = o.gpu->gfx_level;
    for (uint32_t at = 0; at < words.size();) {
      decode::Packet p = o.ring == Ring::Sdma
                             ? decode::decode_sdma(words, at, o.gpu->sdma_version_major)
                             : decode::decode_pm4(words, at, level,
                                                  o.ring == Ring::Gfx ? sporkle::spec::kGfxQueue
                                                                      : sporkle::spec::kComputeQueue);
      if (!p.error.empty()) malformed = true;
      std::string out;
      if (o.json) {
        out += "{\"ib\":";
        out += std::to_string(depth);
        out += ",\"packet\":";
        decode::format_json(out, p);
        out += "}\n";
      } else {
        decode::format_text(out, p, words, prefix);
      }
      std::fputs(out.c_str(), stdout);
      if (p.ib) follow(*p.ib, prefix, depth);
      at += std::max<uint32_t>(p.length, 1);
    }
  }

  void follow(const decode::IbReference& ib, const std::string& prefix, unsigned depth) {
    const MemoryImage* m = find_memory(o, ib.va, uint64_t{ib.size_dw} * 4);
    if (!m) {
      if (!o.json && !o.memory.empty())
        std::printf("%s            (IB at 0x%llx is outside the --mem images)\n", prefix.c_str(),
                    static_cast<unsigned long long>(ib.va));
      return;
    }
    if (depth + 1 >= kMaxIbDepth || !seen.insert({ib.va, ib.size_dw}).second) {
      if (!o.json) std::printf("%s            (IB at 0x%llx already listed)\n", prefix.c_str(),
                               static_cast<unsigned long long>(ib.va));
      return;
    }
    std::span<const uint32_t> words(m->dwords.data() + (ib.va - m->va) / 4, ib.size_dw);
    char tag[48];
    std::snprintf(tag, sizeof tag, "%sIB@%llx ", prefix.c_str(), static_cast<unsigned long long>(ib.va));
    stream(words, tag, depth + 1);
  }
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  o.gpu = sporkle::spec::find_personality("gfx900");
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* flag) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "sporkle-decode: %s needs a value\n", flag);
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "-h" || a == "--help") {
      usage(stdout);
      return 0;
    } else if (a == "--json") {
      o.json = true;
    } else if (a == "--gpu") {
      const char* name = value("--gpu");
      o.gpu = sporkle::spec::find_personality(name);
      if (!o.gpu) {
        std::fprintf(stderr, "sporkle-decode: unknown GPU '%s' (gfx900, gfx1030)\n", name);
        return 2;
      }
    } else if (a == "--ring") {
      std::string r = value("--ring");
      if (r == "gfx") o.ring = Ring::Gfx;
      else if (r == "compute") o.ring = Ring::Compute;
      else if (r == "sdma") o.ring = Ring::Sdma;
      else {
        std::fprintf(stderr, "sporkle-decode: unknown ring '%s' (gfx, compute, sdma)\n", r.c_str());
        return 2;
      }
    } else if (a == "--mem") {
      std::string spec = value("--mem");
      size_t eq = spec.find('=');
      const std::string va_text = eq == std::string::npos ? "" : spec.substr(0, eq);
      char* end = nullptr;
      unsigned long long va = std::strtoull(va_text.c_str(), &end, 0);
      if (eq == std::string::npos || va_text.empty() || *end) {
        std::fprintf(stderr, "sporkle-decode: --mem wants VA=FILE, got '%s'\n", spec.c_str());
        return 2;
      }
      MemoryImage m{va, {}};
      std::string error;
      if (!read_file(spec.substr(eq + 1), m.dwords, error)) {
        std::fprintf(stderr, "sporkle-decode: %s\n", error.c_str());
        return 1;
      }
      o.memory.push_back(std::move(m));
    } else if (a.size() > 1 && a[0] == '-' && a != "-") {
      std::fprintf(stderr, "sporkle-decode: unknown option '%s'\n", a.c_str());
      usage(stderr);
      return 2;
    } else if (o.input.empty()) {
      o.input = a;
    } else {
      std::fprintf(stderr, "sporkle-decode: more than one input file\n");
      return 2;
    }
  }
  std::vector<uint32_t> words;
  std::string error;
  bool ok = o.input.empty() || o.input == "-" ? read_hex(stdin, words, error) : read_file(o.input, words, error);
  if (!ok) {
    std::fprintf(stderr, "sporkle-decode: %s\n", error.c_str());
    return 1;
  }
  Decoder d{o, {}, false};
  d.stream(words, "", 0);
  // Like a linter: the listing is complete either way, the status says whether anything was wrong.
  return d.malformed ? 3 : 0;
}
