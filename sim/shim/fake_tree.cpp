#include "sim/shim/fake_tree.h"

#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "sim/shim/topology.h"

namespace sporkle::sim::shim {
namespace {

bool starts_with_dir(std::string_view path, std::string_view prefix) {
  return path.substr(0, prefix.size()) == prefix && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

bool make_dirs(const std::string& path) {
  for (size_t pos = 1; pos <= path.size(); ++pos) {
    if (pos != path.size() && path[pos] != '/') continue;
    std::string part = path.substr(0, pos);
    if (mkdir(part.c_str(), 0755) != 0 && errno != EEXIST) return false;
  }
  return true;
}

bool write_file(const std::string& path, const void* data, size_t size, mode_t mode) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return false;
  bool ok = write(fd, data, size) == ssize_t(size);
  ok = fchmod(fd, mode) == 0 && ok;  // not subject to the umask
  close(fd);
  return ok;
}

bool write_text(const std::string& path, const std::string& text) {
  return write_file(path, text.data(), text.size(), 0444);
}

std::string hex(const char* fmt, unsigned value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, fmt, value);
  return buf;
}

// sysfs "config": the first 256 bytes of the function's configuration space. Memory decoding and bus mastering
// are on, as amdgpu leaves them; BARs and capabilities are not modelled and read as zero.
std::vector<uint8_t> pci_config(const spec::PciIdentity& pci) {
  std::vector<uint8_t> c(256, 0);
  auto put16 = [&](size_t at, uint16_t v) {
    c[at] = v & 0xff;
    c[at + 1] = v >> 8;
  };
  put16(0x00, pci.vendor);
  put16(0x02, pci.device);
  put16(0x04, 0x0006);  // COMMAND: MEM | BUS_MASTER
  c[0x08] = pci.revision;
  c[0x09] = pci.pci_class & 0xff;
  c[0x0a] = (pci.pci_class >> 8) & 0xff;
  c[0x0b] = (pci.pci_class >> 16) & 0xff;
  put16(0x2c, pci.subsystem_vendor);
  put16(0x2e, pci.subsystem_device);
  c[0x3d] = 1;  // INTERRUPT_PIN: INTA#
  return c;
}

std::string pci_uevent(const spec::PciIdentity& pci, const std::string& slot) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "DRIVER=amdgpu\nPCI_CLASS=%X\nPCI_ID=%04X:%04X\nPCI_SUBSYS_ID=%04X:%04X\nPCI_SLOT_NAME=%s\n"
                "MODALIAS=pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X\n",
                pci.pci_class, pci.vendor, pci.device, pci.subsystem_vendor, pci.subsystem_device, slot.c_str(),
                pci.vendor, pci.device, pci.subsystem_vendor, pci.subsystem_device, (pci.pci_class >> 16) & 0xff,
                (pci.pci_class >> 8) & 0xff, pci.pci_class & 0xff);
  return buf;
}

}  // namespace

std::unique_ptr<FakeTree> FakeTree::create(const std::vector<const spec::Personality*>& devices) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/sporkle-" + std::to_string(getpid()) + "-XXXXXX";
  if (!mkdtemp(pattern.data())) return nullptr;
  std::unique_ptr<FakeTree> tree(new FakeTree);
  tree->root_ = pattern;
  if (!tree->build(devices)) {
    int err = errno;
    tree->remove();
    errno = err;
    return nullptr;
  }
  return tree;
}

FakeTree::~FakeTree() = default;

bool FakeTree::build(const std::vector<const spec::Personality*>& devices) {
  namespace t = topology;
  if (chmod(root_.c_str(), 0755) != 0 || !make_dirs(root_ + "/dev/dri") || !make_dirs(root_ + "/sys/dev/char"))
    return false;
  prefixes_.push_back("/dev/dri");
  for (uint32_t i = 0; i < devices.size(); ++i) {
    const spec::PciIdentity& pci = devices[i]->pci;
    const std::string pci_dir = t::pci_dir(i);
    const std::string real_pci = root_ + pci_dir;
    prefixes_.push_back(pci_dir);
    if (!make_dirs(real_pci)) return false;
    auto config = pci_config(pci);
    bool ok = write_text(real_pci + "/uevent", pci_uevent(pci, t::pci_slot(i))) &&
              write_text(real_pci + "/vendor", hex("0x%04x\n", pci.vendor)) &&
              write_text(real_pci + "/device", hex("0x%04x\n", pci.device)) &&
              write_text(real_pci + "/subsystem_vendor", hex("0x%04x\n", pci.subsystem_vendor)) &&
              write_text(real_pci + "/subsystem_device", hex("0x%04x\n", pci.subsystem_device)) &&
              write_text(real_pci + "/revision", hex("0x%02x\n", pci.revision)) &&
              write_text(real_pci + "/class", hex("0x%06x\n", pci.pci_class)) &&
              write_file(real_pci + "/config", config.data(), config.size(), 0644) &&
              symlink((std::string(t::kPciDirToSys) + "/bus/pci").c_str(), (real_pci + "/subsystem").c_str()) == 0 &&
              symlink((std::string(t::kPciDirToSys) + "/bus/pci/drivers/amdgpu").c_str(),
                      (real_pci + "/driver").c_str()) == 0;
    if (!ok) return false;

    for (kernel::NodeType type : {kernel::NodeType::Primary, kernel::NodeType::Render}) {
      const bool primary = type == kernel::NodeType::Primary;
      const uint32_t minor = primary ? t::primary_minor(i) : t::render_minor(i);
      const std::string name = primary ? t::card_name(i) : t::render_name(i);
      const std::string minor_dir = real_pci + "/drm/" + name;
      const std::string dev = std::to_string(t::kDrmMajor) + ":" + std::to_string(minor);
      ok = make_dirs(minor_dir) &&
           write_text(minor_dir + "/uevent", "MAJOR=" + std::to_string(t::kDrmMajor) + "\nMINOR=" +
                                                 std::to_string(minor) + "\nDEVNAME=dri/" + name +
                                                 "\nDEVTYPE=drm_minor\n") &&
           write_text(minor_dir + "/dev", dev + "\n") &&
           symlink(("../../../" + t::pci_slot(i)).c_str(), (minor_dir + "/device").c_str()) == 0 &&
           symlink((std::string(t::kPciDirToSys) + "/../../class/drm").c_str(), (minor_dir + "/subsystem").c_str()) ==
               0 &&
           symlink(("../../devices/pci0000:00/" + t::pci_root_port(i) + "/" + t::pci_slot(i) + "/drm/" + name).c_str(),
                   (root_ + "/sys/dev/char/" + dev).c_str()) == 0;
      if (!ok) return false;
      prefixes_.push_back("/sys/dev/char/" + dev);

      Node node{i, type, minor, "/dev/dri/" + name, root_ + "/dev/dri/" + name};
      if (!write_file(node.placeholder, "", 0, 0666)) return false;
      nodes_.push_back(std::move(node));
    }
  }
  return true;
}

void FakeTree::remove() {
  if (root_.empty()) return;
  nftw(
      root_.c_str(), [](const char* path, const struct stat*, int, FTW*) { return ::remove(path); }, 16,
      FTW_DEPTH | FTW_PHYS);
  root_.clear();
}

FakeTree::Target FakeTree::resolve(std::string_view path) const {
  // Collapse "//" and "/./"; ".." is left for the kernel to resolve inside the tree, where symlinks are real.
  std::string norm;
  norm.reserve(path.size());
  for (size_t i = 0; i < path.size();) {
    if (path[i] == '/') {
      while (i < path.size() && path[i] == '/') ++i;
      if (path.substr(i, 2) == "." || path.substr(i, 2) == "./") {
        i += 1;
        continue;
      }
      norm += '/';
    } else {
      norm += path[i++];
    }
  }
  const bool trailing_slash = norm.size() > 1 && norm.back() == '/';
  if (trailing_slash) norm.pop_back();

  Target target;
  for (const Node& node : nodes_) {
    if (norm == node.path && !trailing_slash) {
      target.kind = Kind::DeviceNode;
      target.node = &node;
      return target;
    }
  }
  for (const std::string& prefix : prefixes_) {
    if (starts_with_dir(norm, prefix)) {
      target.kind = Kind::Redirect;
      target.real = root_ + norm + (trailing_slash ? "/" : "");
      return target;
    }
  }
  return target;
}

std::optional<std::string> FakeTree::to_client(std::string_view real) const {
  if (root_.empty() || !starts_with_dir(real, root_) || real.size() == root_.size()) return std::nullopt;
  return std::string(real.substr(root_.size()));
}

const FakeTree::Node* FakeTree::node(uint32_t device, kernel::NodeType type) const {
  for (const Node& node : nodes_)
    if (node.device == device && node.type == type) return &node;
  return nullptr;
}

bool FakeTree::may_shadow(const char* path) {
  auto is = [path](const char* prefix) { return std::strncmp(path, prefix, std::strlen(prefix)) == 0; };
  return is("/dev/dri") || is("/sys/dev/char/226:") || is("/sys/devices/pci0000:00/");
}

}  // namespace sporkle::sim::shim
