#include "pipeline/frame_pacer.hpp"

#include <algorithm>

namespace frameout {

namespace {
// Frame index × rate numerators can pass 2^63 on long recordings at odd rates.
__extension__ typedef __int128 Wide;
}  // namespace

FramePacer::FramePacer(Rational input_rate, Rational output_rate, std::optional<int64_t> limit)
    : input_rate_(input_rate), output_rate_(output_rate), limit_(limit) {}

int64_t FramePacer::outputs_before(int64_t index) const {
  // ceil(index * out / in) in exact integer arithmetic.
  const Wide num = static_cast<Wide>(index) * output_rate_.num * input_rate_.den;
  const Wide den = static_cast<Wide>(output_rate_.den) * input_rate_.num;
  return static_cast<int64_t>((num + den - 1) / den);
}

int64_t FramePacer::outputs_for(int64_t index) {
  int64_t count = outputs_before(index + 1) - std::max(outputs_before(index), emitted_);
  count = std::max<int64_t>(count, 0);
  if (limit_) count = std::min(count, *limit_ - emitted_);
  emitted_ += count;
  return count;
}

}  // namespace frameout
