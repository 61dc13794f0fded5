#include "system/huge_pages.hpp"

#include <sys/prctl.h>

namespace frameout {

void keep_to_small_pages() { prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0); }

}  // namespace frameout
