// frameout_docs: writes frameout's man page and shell completions from its tables at build time, so they
// never drift from the program. Usage: frameout_docs man VERSION | bash | zsh  (to stdout)

#include <cstdio>
#include <string_view>

#include <fmt/format.h>

#include "completions.hpp"
#include "man_page.hpp"

int main(int argc, char** argv) {
  const std::string_view what = argc > 1 ? argv[1] : "";
  if (what == "man" && argc == 3) fmt::print("{}", frameout::docs::man_page(argv[2]));
  else if (what == "bash" && argc == 2) fmt::print("{}", frameout::docs::bash_completion());
  else if (what == "zsh" && argc == 2) fmt::print("{}", frameout::docs::zsh_completion());
  else {
    std::fputs("usage: frameout_docs man VERSION | bash | zsh\n", stderr);
    return 2;
  }
  return 0;
}
