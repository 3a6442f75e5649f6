#include "options.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace sporkle::tools {

const char* const kUsage = R"(Usage: sporkle-dispatch [options] CODE_OBJECT KERNEL [ARG...]

Runs one kernel of an AMDHSA code object (ELF from clang, or llvm-mc + ld.lld) on an AMD GPU. Under
`sporkle-sim run -- sporkle-dispatch ...` the GPU is the simulator.

Options:
  --grid X[,Y[,Z]]    workgroups per dimension (default 1)
  --block X[,Y[,Z]]   work-items per workgroup (default 64)
  --device N          the N-th AMD GPU in card order (default 0)
  --list              print the code object's kernels and their arguments, and exit (no GPU needed)
  -h, --help          this text

Arguments, one per explicit kernel argument, in the kernel's order:
  TYPE:VALUE          a scalar; TYPE is u8 u16 u32 u64 i8 i16 i32 i64 f32 f64 (e.g. f32:2.5, u32:0x100)
  buf:SPEC            a global buffer; SPEC is a comma-separated list of
                        size=BYTES      its size (suffix k or M for KiB, MiB)
                        in=FILE         initial contents (the size defaults to the file's)
                        fill=TYPE:VALUE every element VALUE
                        iota=TYPE       element i holds i
                        out=FILE        written to FILE after the kernel has run
                      A buffer without in/fill/iota starts zeroed.
  local:BYTES         dynamic LDS for a __local pointer argument

Example: c[i] = a[i] + b[i] for 1024 floats
  sporkle-dispatch vadd.co vadd --grid 16 --block 64 buf:iota=f32,size=4k buf:fill=f32:2,size=4k \
      buf:size=4k,out=c.bin u32:1024
)";

namespace {

struct ScalarType {
  const char* name;
  size_t size;
  bool is_signed, is_float;
};
constexpr ScalarType kScalars[] = {
    {"u8", 1, false, false},  {"u16", 2, false, false}, {"u32", 4, false, false}, {"u64", 8, false, false},
    {"i8", 1, true, false},   {"i16", 2, true, false},  {"i32", 4, true, false},  {"i64", 8, true, false},
    {"f32", 4, false, true},  {"f64", 8, false, true},
};

const ScalarType& scalar_type(const std::string& name) {
  for (const ScalarType& t : kScalars)
    if (name == t.name) return t;
  throw UsageError("unknown type '" + name + "' (u8 u16 u32 u64 i8 i16 i32 i64 f32 f64)");
}

uint64_t parse_uint(const std::string& text, uint64_t max, const std::string& what) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 0);
  if (text.empty() || text[0] == '-' || *end || errno || v > max) throw UsageError("bad " + what + " '" + text + "'");
  return v;
}

uint64_t parse_size(std::string text) {
  uint64_t scale = 1;
  if (!text.empty() && (text.back() == 'k' || text.back() == 'K')) scale = 1024, text.pop_back();
  else if (!text.empty() && text.back() == 'M') scale = 1024 * 1024, text.pop_back();
  const uint64_t v = parse_uint(text, (uint64_t{1} << 40) / scale, "size");
  return v * scale;
}

Dim3 parse_dim3(const std::string& text, const char* what) {
  uint32_t v[3] = {1, 1, 1};
  size_t at = 0;
  for (int i = 0; i < 3; ++i) {
    const size_t comma = text.find(',', at);
    v[i] = static_cast<uint32_t>(parse_uint(text.substr(at, comma - at), UINT32_MAX, what));
    if (comma == std::string::npos) return {v[0], v[1], v[2]};
    at = comma + 1;
  }
  throw UsageError(std::string("more than three dimensions in ") + what + " '" + text + "'");
}

BufferSpec parse_buffer(const std::string& spec) {
  BufferSpec b;
  size_t at = 0;
  while (at <= spec.size()) {
    size_t comma = spec.find(',', at);
    if (comma == std::string::npos) comma = spec.size();
    const std::string item = spec.substr(at, comma - at);
    const size_t eq = item.find('=');
    if (eq == std::string::npos) throw UsageError("buffer setting '" + item + "' is not KEY=VALUE");
    const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    if (key == "size") {
      b.size = parse_size(value);
    } else if (key == "in") {
      b.in = value;
    } else if (key == "out") {
      b.out = value;
    } else if (key == "fill") {
      const size_t colon = value.find(':');
      if (colon == std::string::npos) throw UsageError("fill needs TYPE:VALUE, got '" + value + "'");
      b.pattern = scalar_bytes(value.substr(0, colon), value.substr(colon + 1));
    } else if (key == "iota") {
      scalar_type(value);
      b.iota = value;
    } else {
      throw UsageError("unknown buffer setting '" + key + "'");
    }
    at = comma + 1;
  }
  if ((!b.in.empty()) + (!b.pattern.empty()) + (!b.iota.empty()) > 1)
    throw UsageError("buf:" + spec + ": in, fill and iota exclude each other");
  if (!b.size && b.in.empty()) throw UsageError("buf:" + spec + ": needs size= (or in=)");
  return b;
}

ArgSpec parse_arg(const std::string& text) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos) throw UsageError("argument '" + text + "' is not TYPE:VALUE, buf:... or local:...");
  const std::string head = text.substr(0, colon), rest = text.substr(colon + 1);
  ArgSpec a;
  if (head == "buf") {
    a.kind = ArgSpec::Kind::Buffer;
    a.buffer = parse_buffer(rest);
  } else if (head == "local") {
    a.kind = ArgSpec::Kind::Local;
    const uint64_t bytes = parse_size(rest);
    if (bytes > UINT32_MAX) throw UsageError("local:" + rest + " is too large");
    a.local_bytes = static_cast<uint32_t>(bytes);
  } else {
    a.scalar = scalar_bytes(head, rest);
  }
  return a;
}

}  // namespace

size_t scalar_size(const std::string& type) { return scalar_type(type).size; }

std::vector<std::byte> scalar_bytes(const std::string& type, const std::string& text) {
  const ScalarType& t = scalar_type(type);
  std::vector<std::byte> out(t.size);
  const std::string what = type + " value";
  if (t.is_float) {
    char* end = nullptr;
    const double d = std::strtod(text.c_str(), &end);
    if (text.empty() || *end) throw UsageError("bad " + what + " '" + text + "'");
    if (t.size == 4) {
      const float f = static_cast<float>(d);
      std::memcpy(out.data(), &f, 4);
    } else {
      std::memcpy(out.data(), &d, 8);
    }
    return out;
  }
  uint64_t bits;
  if (t.is_signed) {
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(text.c_str(), &end, 0);
    const long long lim = t.size == 8 ? std::numeric_limits<long long>::max() : (1ll << (8 * t.size - 1)) - 1;
    if (text.empty() || *end || errno || v > lim || v < -lim - 1) throw UsageError("bad " + what + " '" + text + "'");
    bits = static_cast<uint64_t>(v);
  } else {
    bits = parse_uint(text, t.size == 8 ? UINT64_MAX : (uint64_t{1} << (8 * t.size)) - 1, what);
  }
  std::memcpy(out.data(), &bits, t.size);  // little-endian host, as the GPU
  return out;
}

Options parse_options(int argc, char** argv) {
  Options o;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw UsageError(a + " needs a value");
      return argv[++i];
    };
    if (a == "-h" || a == "--help") {
      o.help = true;
      return o;
    } else if (a == "--grid") {
      o.grid = parse_dim3(value(), "--grid");
    } else if (a == "--block") {
      o.block = parse_dim3(value(), "--block");
    } else if (a == "--device") {
      o.device = static_cast<unsigned>(parse_uint(value(), 255, "--device"));
    } else if (a == "--list") {
      o.list = true;
    } else if (a.starts_with("--")) {
      throw UsageError("unknown option " + a);
    } else {
      positional.push_back(a);
    }
  }
  if (positional.empty()) throw UsageError("no code object given");
  o.code_object = positional[0];
  if (o.list) return o;
  if (positional.size() < 2) throw UsageError("no kernel given");
  o.kernel = positional[1];
  for (size_t i = 2; i < positional.size(); ++i) o.args.push_back(parse_arg(positional[i]));
  return o;
}

}  // namespace sporkle::tools
