#pragma once
// Creating the files frameout writes: a temporary file is always a new file made by this process, never an
// existing file or a link planted at its name by someone else (in a shared folder another user could
// otherwise point the name at one of the job owner's files and have it overwritten).

#include <cstddef>
#include <filesystem>
#include <string>

namespace frameout {

//! Creates `path` for writing with O_CREAT|O_EXCL|O_NOFOLLOW (mode 0666 minus the umask) and returns its
//! descriptor, or -errno when anything (a file, a folder, a link, even a dangling one) is already there.
int create_new_file(const std::filesystem::path& path);

//! Writes all `size` bytes to `fd` (retrying short writes and EINTR); returns 0 or the errno that stopped it
//! (ENOSPC when the file could not grow).
int write_all(int fd, const void* data, size_t size);

//! 16 random hex digits from the kernel, for temporary names another user cannot predict.
std::string unpredictable_suffix();

}  // namespace frameout
