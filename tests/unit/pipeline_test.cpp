#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "pipeline/bounded_queue.hpp"
#include "pipeline/frame_pacer.hpp"
#include "pipeline/reorder_buffer.hpp"

using namespace frameout;

TEST_CASE("the pacer maps input frames to output frames", "[pipeline]") {
  SECTION("same rate: one to one, limit stops exactly") {
    FramePacer pacer({30, 1}, {30, 1}, 60);
    int64_t total = 0;
    for (int64_t i = 0; !pacer.done(); ++i) total += pacer.outputs_for(i);
    CHECK(total == 60);
  }
  SECTION("doubling the rate repeats every frame") {
    FramePacer pacer({15, 1}, {30, 1}, std::nullopt);
    CHECK(pacer.outputs_for(0) == 2);
    CHECK(pacer.outputs_for(1) == 2);
    CHECK(pacer.next_output() == 4);
  }
  SECTION("halving the rate skips every other frame") {
    FramePacer pacer({60, 1}, {30, 1}, std::nullopt);
    int64_t total = 0;
    for (int64_t i = 0; i < 60; ++i) total += pacer.outputs_for(i);
    CHECK(total == 30);
  }
  SECTION("NTSC to integer rates keep time over a long run") {
    FramePacer pacer({30000, 1001}, {30, 1}, std::nullopt);
    int64_t total = 0;
    for (int64_t i = 0; i < 30000; ++i) total += pacer.outputs_for(i);
    CHECK(total == 30030);
  }
}

TEST_CASE("bounded queues carry end of stream and abort", "[pipeline]") {
  BoundedQueue<int> queue(2);
  std::thread producer([&] {
    for (int i = 0; i < 100; ++i) queue.push(i);
    queue.close();
  });
  int sum = 0, count = 0;
  while (auto v = queue.pop()) {
    sum += *v;
    ++count;
  }
  producer.join();
  CHECK(count == 100);
  CHECK(sum == 4950);

  BoundedQueue<int> blocked(1);
  blocked.push(1);
  std::thread stuck([&] { CHECK_FALSE(blocked.push(2)); });
  blocked.abort();
  stuck.join();
  CHECK_FALSE(blocked.pop());
}

TEST_CASE("the reorder buffer releases results in sequence order and bounds how far ahead work runs", "[pipeline]") {
  frameout::ReorderBuffer<int> buffer(3);
  std::vector<int> released;
  auto keep = [&](int& v) {
    released.push_back(v);
    return true;
  };
  CHECK(buffer.wait_room(2));
  CHECK(buffer.deliver(2, 20, keep));  // early: held
  CHECK(buffer.deliver(1, 10, keep));
  CHECK(released.empty());
  // Sequence 3 is outside the window until 0 is released.
  std::atomic<bool> admitted{false};
  std::thread late([&] {
    admitted = buffer.wait_room(3);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(admitted);
  CHECK(buffer.deliver(0, 0, keep));
  late.join();
  CHECK(admitted);
  CHECK(released == std::vector<int>{0, 10, 20});

  // A release that fails aborts the buffer for every worker.
  CHECK_FALSE(buffer.deliver(3, 30, [](int&) { return false; }));
  CHECK_FALSE(buffer.wait_room(4));
  CHECK_FALSE(buffer.deliver(4, 40, keep));
}
