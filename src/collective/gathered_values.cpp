#include "collective/gathered_values.h"

#include <cstdint>

#include "errors/error.h"

namespace churn::collective {

std::vector<std::string> GatherStrings(const std::vector<std::string>& mine,
                                       const WorkerGroup& group) {
  if (!group.distributed()) {
    return mine;
  }
  std::string bytes;
  for (const std::string& text : mine) {
    auto size = static_cast<std::uint64_t>(text.size());
    bytes.append(reinterpret_cast<const char*>(&size), sizeof size);
    bytes += text;
  }
  std::vector<std::string> all;
  for (int root = 0; root < group.size(); ++root) {  // one worker's part at a time
    std::string part = root == group.rank() ? bytes : std::string();
    group.Broadcast(part, root);
    for (std::size_t at = 0; at < part.size();) {
      std::uint64_t size = 0;
      if (part.size() - at < sizeof size) {
        throw InternalError("a worker's strings end inside a length");
      }
      std::memcpy(&size, part.data() + at, sizeof size);
      at += sizeof size;
      if (part.size() - at < size) {
        throw InternalError("a worker's strings end inside a string");
      }
      all.emplace_back(part, at, size);
      at += size;
    }
  }
  return all;
}

}  // namespace churn::collective
