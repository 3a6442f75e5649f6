#include "code_object_elf.h"

#include <elf.h>

#include <cstring>
#include <string_view>

#include "code_object_format.h"
#include "sporkle/error.h"

namespace sporkle::detail {

namespace {

constexpr const char* kCall = "CodeObject::parse";
constexpr uint64_t kPage = 4096;

[[noreturn]] void malformed(const std::string& what) { throw Error(ENOEXEC, kCall, what); }

// The file, with bounds-checked reads of structures at any offset (ELF structures need not be aligned in a
// hostile file).
class File {
 public:
  explicit File(std::span<const std::byte> d) : d_(d) {}
  uint64_t size() const { return d_.size(); }
  bool contains(uint64_t offset, uint64_t bytes) const { return offset <= size() && bytes <= size() - offset; }
  template <typename T>
  T read(uint64_t offset, const char* what) const {
    if (!contains(offset, sizeof(T))) malformed(std::string(what) + " outside the file");
    T t;
    std::memcpy(&t, d_.data() + offset, sizeof(T));
    return t;
  }
  std::span<const std::byte> bytes(uint64_t offset, uint64_t n, const char* what) const {
    if (!contains(offset, n)) malformed(std::string(what) + " outside the file");
    return d_.subspan(static_cast<size_t>(offset), static_cast<size_t>(n));
  }

 private:
  std::span<const std::byte> d_;
};

// A table of count entries of entsize bytes at off must have the expected entry size and lie inside the file.
void check_table(const File& f, uint64_t off, uint64_t count, uint64_t entsize, uint64_t expected_entsize,
                 const char* what) {
  if (count && entsize != expected_entsize) malformed(std::string(what) + " entry size " + std::to_string(entsize));
  if (count > f.size() / expected_entsize || !f.contains(off, count * expected_entsize))
    malformed(std::string(what) + " outside the file");
}

Elf64_Ehdr read_header(const File& f) {
  const auto h = f.read<Elf64_Ehdr>(0, "ELF header");
  if (std::memcmp(h.e_ident, ELFMAG, SELFMAG) != 0) malformed("not an ELF file");
  if (h.e_ident[EI_CLASS] != ELFCLASS64) malformed("not ELF64");
  if (h.e_ident[EI_DATA] != ELFDATA2LSB) malformed("not little-endian");
  if (h.e_ident[EI_VERSION] != EV_CURRENT || h.e_version != EV_CURRENT) malformed("unknown ELF version");
  if (h.e_machine != EM_AMDGPU) malformed("e_machine " + std::to_string(h.e_machine) + " is not EM_AMDGPU");
  if (h.e_ident[EI_OSABI] != amdhsa::kOsAbiAmdgpuHsa)
    malformed("OS/ABI " + std::to_string(h.e_ident[EI_OSABI]) + " is not AMDGPU_HSA (amdpal/mesa3d objects "
              "have no kernel descriptors)");
  if (h.e_type == ET_REL) malformed("a relocatable object: link it into a shared object (ld.lld -shared) first");
  if (h.e_type != ET_DYN) malformed("e_type " + std::to_string(h.e_type) + " is not ET_DYN");
  return h;
}

void load_segments(const File& f, const Elf64_Ehdr& h, ElfImage& out) {
  check_table(f, h.e_phoff, h.e_phnum, h.e_phentsize, sizeof(Elf64_Phdr), "program header table");
  std::vector<Elf64_Phdr> loads;
  for (uint64_t i = 0; i < h.e_phnum; ++i) {
    const auto p = f.read<Elf64_Phdr>(h.e_phoff + i * sizeof(Elf64_Phdr), "program header");
    if (p.p_type != PT_LOAD) continue;
    if (p.p_filesz > p.p_memsz) malformed("PT_LOAD with p_filesz > p_memsz");
    if (!f.contains(p.p_offset, p.p_filesz)) malformed("PT_LOAD contents outside the file");
    if (p.p_vaddr > kMaxImageBytes || p.p_memsz > kMaxImageBytes)
      malformed("PT_LOAD beyond " + std::to_string(kMaxImageBytes >> 20) + " MiB");
    loads.push_back(p);
  }
  if (loads.empty()) malformed("no PT_LOAD segment");
  uint64_t lo = UINT64_MAX, hi = 0;
  for (const Elf64_Phdr& p : loads) {
    lo = std::min(lo, p.p_vaddr & ~(kPage - 1));
    hi = std::max(hi, p.p_vaddr + p.p_memsz);
  }
  if (hi - lo > kMaxImageBytes) malformed("image larger than " + std::to_string(kMaxImageBytes >> 20) + " MiB");
  out.base = lo;
  out.image.assign(static_cast<size_t>(hi - lo), std::byte{0});
  for (const Elf64_Phdr& p : loads) {
    std::span<const std::byte> src = f.bytes(p.p_offset, p.p_filesz, "PT_LOAD");
    if (!src.empty()) std::memcpy(out.image.data() + (p.p_vaddr - lo), src.data(), src.size());
    if (p.p_flags & PF_X) out.executable.push_back({p.p_vaddr, p.p_vaddr + p.p_memsz});
  }
}

// The symbol table (.symtab, else .dynsym) by name.
void read_symbols(const File& f, const Elf64_Ehdr& h, ElfImage& out) {
  if (h.e_shnum == 0) return;
  check_table(f, h.e_shoff, h.e_shnum, h.e_shentsize, sizeof(Elf64_Shdr), "section header table");
  auto section = [&](uint64_t i) { return f.read<Elf64_Shdr>(h.e_shoff + i * sizeof(Elf64_Shdr), "section"); };
  int64_t table = -1;
  for (uint64_t i = 0; i < h.e_shnum; ++i) {
    const uint32_t type = section(i).sh_type;
    if (type == SHT_SYMTAB || (type == SHT_DYNSYM && table < 0)) table = static_cast<int64_t>(i);
  }
  if (table < 0) return;
  const Elf64_Shdr symtab = section(static_cast<uint64_t>(table));
  if (symtab.sh_link >= h.e_shnum) malformed("symbol table's string table index out of range");
  const Elf64_Shdr strtab = section(symtab.sh_link);
  std::span<const std::byte> strings = f.bytes(strtab.sh_offset, strtab.sh_size, "string table");
  const uint64_t count = symtab.sh_size / sizeof(Elf64_Sym);
  if (count > kMaxSymbols) malformed("more than " + std::to_string(kMaxSymbols) + " symbols");
  check_table(f, symtab.sh_offset, count, symtab.sh_entsize, sizeof(Elf64_Sym), "symbol table");
  for (uint64_t i = 1; i < count; ++i) {
    const auto s = f.read<Elf64_Sym>(symtab.sh_offset + i * sizeof(Elf64_Sym), "symbol");
    if (s.st_name >= strings.size()) malformed("symbol name outside the string table");
    const char* name = reinterpret_cast<const char*>(strings.data()) + s.st_name;
    const size_t len = strnlen(name, strings.size() - s.st_name);
    if (len == strings.size() - s.st_name) malformed("symbol name not terminated");
    if (len == 0 || s.st_shndx == SHN_UNDEF) continue;
    out.symbols.insert_or_assign(std::string(name, len), ElfSymbol{s.st_value, s.st_size, static_cast<uint8_t>(ELF64_ST_TYPE(s.st_info))});
  }
}

// Looks for the metadata note in [offset, offset + size) of the file.
void scan_notes(const File& f, uint64_t offset, uint64_t size, ElfImage& out) {
  std::span<const std::byte> notes = f.bytes(offset, size, "note");
  auto pad4 = [](uint64_t n) { return (n + 3) & ~uint64_t{3}; };
  for (uint64_t at = 0; at + sizeof(Elf64_Nhdr) <= notes.size();) {
    Elf64_Nhdr n;
    std::memcpy(&n, notes.data() + at, sizeof n);
    const uint64_t name_at = at + sizeof n, desc_at = name_at + pad4(n.n_namesz), end = desc_at + pad4(n.n_descsz);
    if (desc_at > notes.size() || desc_at + n.n_descsz > notes.size()) malformed("note runs past its segment");
    const std::string_view name(reinterpret_cast<const char*>(notes.data() + name_at), n.n_namesz);
    const bool owner = n.n_namesz == amdhsa::kNoteOwner.size() + 1 && name.starts_with(amdhsa::kNoteOwner) &&
                       name.back() == '\0';
    if (owner && n.n_type == amdhsa::kNoteMetadata) {
      if (!out.metadata.empty()) malformed("more than one NT_AMDGPU_METADATA note");
      out.metadata.assign(notes.begin() + static_cast<ptrdiff_t>(desc_at),
                          notes.begin() + static_cast<ptrdiff_t>(desc_at + n.n_descsz));
    }
    at = end;
  }
}

void read_notes(const File& f, const Elf64_Ehdr& h, ElfImage& out) {
  for (uint64_t i = 0; i < h.e_phnum; ++i) {
    const auto p = f.read<Elf64_Phdr>(h.e_phoff + i * sizeof(Elf64_Phdr), "program header");
    if (p.p_type == PT_NOTE) scan_notes(f, p.p_offset, p.p_filesz, out);
  }
}

}  // namespace

ElfImage read_elf(std::span<const std::byte> file) {
  const File f(file);
  const Elf64_Ehdr h = read_header(f);
  ElfImage out;
  out.abi_version = h.e_ident[EI_ABIVERSION];
  out.e_flags = h.e_flags;
  load_segments(f, h, out);
  read_symbols(f, h, out);
  read_notes(f, h, out);
  return out;
}

}  // namespace sporkle::detail
