#include "sim/gpu/engine.h"

#include "sim/gpu/pm4/command_processor.h"
#include "sim/gpu/sdma/sdma_engine.h"

namespace sporkle::sim::gpu {

const char* exec_status_name(ExecStatus s) {
  switch (s) {
    case ExecStatus::Completed: return "completed";
    case ExecStatus::VmFault: return "VM fault";
    case ExecStatus::IllegalPacket: return "illegal packet";
    case ExecStatus::PrivilegedReg: return "privileged register";
    case ExecStatus::Cancelled: return "cancelled";
    case ExecStatus::ShaderFault: return "shader fault";
  }
  return "?";
}

std::unique_ptr<Engine> make_engine(const spec::Personality& p, RingType type) {
  if (type == RingType::Sdma) return std::make_unique<SdmaEngine>(p);
  return std::make_unique<CommandProcessor>(p, type);
}

}  // namespace sporkle::sim::gpu
