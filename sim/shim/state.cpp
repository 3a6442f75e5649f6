#include "sim/shim/state.h"

#include <dirent.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

#include "sim/shim/control.h"
#include "sim/shim/libc.h"
#include "sim/shim/topology.h"

namespace sporkle::sim::shim {
namespace {

std::atomic<State*> g_state{nullptr};
// Heap objects that are never destroyed: hooks can run during exit, after static destructors.
std::mutex& start_mutex() {
  static std::mutex* m = new std::mutex;
  return *m;
}
Options*& configured() {
  static Options* options = nullptr;
  return options;
}

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

bool preloaded() {
  Dl_info info{};
  const char* preload = env("LD_PRELOAD");
  if (!preload || !dladdr(reinterpret_cast<void*>(&next_symbol), &info) || !info.dli_fname) return false;
  const char* base = std::strrchr(info.dli_fname, '/');
  return std::strstr(preload, base ? base + 1 : info.dli_fname) != nullptr;
}

bool real_amdgpu_render_node_exists() {
  DIR* dir = opendir("/dev/dri");
  if (!dir) return false;
  bool found = false;
  while (dirent* e = readdir(dir)) {
    if (std::strncmp(e->d_name, "renderD", 7) != 0) continue;
    std::string link = std::string("/sys/class/drm/") + e->d_name + "/device/driver";
    char target[4096];
    ssize_t n = readlink(link.c_str(), target, sizeof target - 1);
    if (n <= 0) continue;
    target[n] = 0;
    const char* base = std::strrchr(target, '/');
    if (std::strcmp(base ? base + 1 : target, "amdgpu") == 0) found = true;
  }
  closedir(dir);
  return found;
}

std::optional<Backend> backend_from_env() {
  const char* v = env("SPORKLE_BACKEND");
  if (!v) return std::nullopt;
  if (std::strcmp(v, "sim") == 0) return Backend::Sim;
  if (std::strcmp(v, "auto") == 0) return Backend::Auto;
  if (std::strcmp(v, "hw") == 0 || v[0] == '/') return Backend::Hw;
  std::fprintf(stderr, "sporkle: SPORKLE_BACKEND=%s is not sim, hw, auto or a device path; not simulating\n", v);
  return Backend::Hw;
}

std::vector<std::string> gpu_names() {
  std::string list = env("SPORKLE_DEVICES") ? env("SPORKLE_DEVICES") : env("SPORKLE_GPU") ? env("SPORKLE_GPU") : "gfx900";
  std::vector<std::string> names;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    names.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return names;
}

void remove_tree_at_exit() {
  State* s = g_state.load();
  if (s && s->tree && s->owner == getpid()) {
    Passthrough p;
    s->tree->remove();
  }
}

void before_fork() { start_mutex().lock(); }
void after_fork_parent() { start_mutex().unlock(); }
void after_fork_child() {
  start_mutex().unlock();
  State* s = g_state.load();
  if (s && s->active) {
    Passthrough p;
    kernel::after_fork_child();
  }
}

void start(State& s) {
  const Options options = configured() ? *configured() : Options{};
  Backend backend = options.backend ? *options.backend
                                    : backend_from_env().value_or(preloaded() ? Backend::Auto : Backend::Sim);
  if (backend == Backend::Hw || (backend == Backend::Auto && real_amdgpu_render_node_exists())) return;

  const std::vector<std::string> names = options.gpus.empty() ? gpu_names() : options.gpus;
  std::vector<const spec::Personality*> personalities;
  for (const std::string& name : names) {
    const spec::Personality* p = spec::find_personality(name);
    if (!p) {
      std::string known;
      for (const spec::Personality* k : spec::personalities()) known += " " + std::string(k->name);
      std::fprintf(stderr, "sporkle: unknown GPU '%s' (known:%s); simulating no devices\n", name.c_str(),
                   known.c_str());
      personalities.clear();
      break;
    }
    personalities.push_back(p);
  }
  if (personalities.size() > topology::kMaxDevices) {
    std::fprintf(stderr, "sporkle: at most %u devices; simulating none\n", topology::kMaxDevices);
    personalities.clear();
  }

  s.tree = FakeTree::create(personalities);
  if (!s.tree) {
    std::fprintf(stderr, "sporkle: cannot build the device tree: %s; not simulating\n", std::strerror(errno));
    return;
  }
  s.owner = getpid();
  std::atexit(remove_tree_at_exit);
  pthread_atfork(before_fork, after_fork_parent, after_fork_child);

  if (const char* v = env("SPORKLE_PRIVILEGED")) s.privileged = std::strcmp(v, "0") != 0;
  else s.privileged = geteuid() == 0;
  if (options.privileged) s.privileged = *options.privileged;

  const char* deterministic = env("SPORKLE_DETERMINISTIC");
  const char* timeouts = env("SPORKLE_LOCKUP_TIMEOUT");
  for (uint32_t i = 0; i < personalities.size(); ++i)
    s.devices.push_back(kernel::Device::create(kernel::DeviceConfig{
        personalities[i], i, deterministic && std::strcmp(deterministic, "0") != 0, timeouts ? timeouts : ""}));
  for (auto& d : s.devices) d->faults().configure_from_environment();  // SPORKLE_FAULT_* (fault_injection.h)
  s.active = true;
}

}  // namespace

State& state() {
  if (State* s = g_state.load(std::memory_order_acquire)) return *s;
  std::lock_guard lock(start_mutex());
  if (State* s = g_state.load(std::memory_order_acquire)) return *s;
  Passthrough p;
  State* s = new State;
  start(*s);
  g_state.store(s, std::memory_order_release);
  return *s;
}

State* started_state() { return g_state.load(std::memory_order_acquire); }

bool configure(const Options& options) {
  std::lock_guard lock(start_mutex());
  if (g_state.load()) return false;
  delete configured();
  configured() = new Options(options);
  return true;
}

bool active() { return state().active; }

const std::vector<std::shared_ptr<kernel::Device>>& devices() { return state().devices; }

}  // namespace sporkle::sim::shim
