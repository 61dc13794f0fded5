// headerdat tables: any file gives rows with a key each, or is refused with frameout::Error.
#include <cstdlib>

#include "system/error.hpp"
#include "fuzz_input.hpp"
#include "job/header_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace frameout;
  try {
    for (const auto& [key, value] : read_header_table(fuzzing::input_file(data, size, ".txt")))
      if (key.empty()) std::abort();
  } catch (const Error&) {
  }
  return 0;
}
