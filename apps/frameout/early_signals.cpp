// The interrupt handlers go in before any shared library's constructor runs: `.preinit_array` entries of the
// executable run first. Together with the launcher, which blocks SIGINT / SIGTERM until then, a signal at any
// moment of the start-up ends the run with 130 / 143 instead of killing the process.

#include "system/interrupt.hpp"

namespace {

void install_before_constructors(int, char**, char**) { frameout::install_interrupt_handlers(); }

[[gnu::section(".preinit_array"), gnu::used]] void (*const kEarlySignals)(int, char**, char**) =
    install_before_constructors;

}  // namespace
