// frameout's launcher: blocks SIGINT and SIGTERM, then executes the real program (frameout-engine).
//
// The engine links FFmpeg, OpenEXR and the image libraries: about 150 shared libraries, whose loading takes
// 0.1-0.3 s on a busy machine before any of its code can install a handler, and a signal in that window would
// kill it outright. A blocked signal stays pending across exec instead, and the engine takes it as soon as its
// handler exists. This program is linked statically so that its own start is a fraction of a millisecond.
//
// It also asks glibc's allocator to back large blocks with transparent huge pages (glibc.malloc.hugetlb=1,
// honoured when the kernel's THP mode is "madvise"): a fresh 33 MB float frame took 115 ms of page faults in
// 4 KiB pages on this project's virtual machine and 10 ms in 2 MiB ones, and frame, packet and encoder
// buffers are all that large.

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

namespace {

// Beside the launcher in a build folder, in libexec once installed.
constexpr const char* kCandidates[] = {"frameout-engine", FRAMEOUT_ENGINE_INSTALLED};

std::string own_folder() {
  char self[PATH_MAX];
  const ssize_t size = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (size <= 0) return ".";
  const std::string path(self, static_cast<size_t>(size));
  return path.substr(0, path.rfind('/'));
}

// Adds the huge-page setting to GLIBC_TUNABLES, unless the caller chose one already.
void ask_for_huge_pages() {
  const char* set = std::getenv("GLIBC_TUNABLES");
  const std::string mine = "glibc.malloc.hugetlb=1";
  if (set == nullptr || *set == '\0') ::setenv("GLIBC_TUNABLES", mine.c_str(), 1);
  else if (std::strstr(set, "glibc.malloc.hugetlb=") == nullptr) ::setenv("GLIBC_TUNABLES", (mine + ":" + set).c_str(), 1);
}

}  // namespace

int main(int, char** argv) {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  sigprocmask(SIG_BLOCK, &stop, nullptr);
  ask_for_huge_pages();
  const std::string folder = own_folder();
  for (const char* candidate : kCandidates) {
    const std::string engine = folder + "/" + candidate;
    ::execv(engine.c_str(), argv);
  }
  std::fprintf(stderr, "frameout: error: cannot run \"%s/%s\" or \"%s/%s\": %s\n", folder.c_str(), kCandidates[0],
               folder.c_str(), kCandidates[1], std::strerror(errno));
  return 5;
}
