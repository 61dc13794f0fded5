#!/usr/bin/env python3
"""A frame producer for `frameout movie --input shm:NAME`, in Python with numpy (docs/shm-protocol.md).

It creates the ring (it owns the segment and removes it when it ends), then publishes moving colour bars as
rgba8fixed frames at the given rate:

    samples/shm_producer.py take1 --size 640x360 --rate 30 --frames 300 &
    build/frameout movie --input shm:take1 --videocodec h264 --file take1.mp4

Plain stores from Python are enough for the seqlock on x86-64, whose stores are seen in program order.
Without futex wake-ups from Python, frameout looks for new frames every 2 ms.
"""

import argparse
import os
import struct
import sys
import time
from multiprocessing import shared_memory

import numpy as np

MAGIC, VERSION, VIDEO = 0x4D485346, 1, 1
HEADER_BYTES, SLOT_HEADER_BYTES = 4096, 64
STREAMING, ENDED = 1, 2
LOSSLESS = 1
# Offsets of the header fields (docs/shm-protocol.md).
STATE, PUBLISHED_WORD, PUBLISHED, HEARTBEAT, CONSUMED, CONSUMER_MODE = 104, 108, 112, 120, 128, 140


def now_ns():
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


class Producer:
    def __init__(self, name, width, height, rate_num, rate_den, slots):
        self.width, self.height, self.slots = width, height, slots
        self.row_bytes = width * 4
        self.payload = self.row_bytes * height
        self.slot_bytes = (SLOT_HEADER_BYTES + self.payload + 63) // 64 * 64
        self.shm = shared_memory.SharedMemory(name=name, create=True, size=HEADER_BYTES + self.slot_bytes * slots)
        self.buf = self.shm.buf
        try:
            self._write_header(slots, rate_num, rate_den)
        except BaseException:
            self.close()
            raise
        self.next = 0

    def _write_header(self, slots, rate_num, rate_den):
        width, height = self.width, self.height
        session = int.from_bytes(os.urandom(8), "little")
        struct.pack_into("<IHHIIQQIIIi", self.buf, 0, MAGIC, VERSION, VIDEO, HEADER_BYTES, slots, self.slot_bytes,
                         self.payload, width, height, self.row_bytes, 0)
        self.buf[48:80] = b"rgba8fixed".ljust(32, b"\0")
        struct.pack_into("<IIIIQ", self.buf, 80, rate_num, rate_den, os.getpid(), 0, session)
        struct.pack_into("<Q", self.buf, HEARTBEAT, now_ns())
        struct.pack_into("<I", self.buf, STATE, STREAMING)

    def _u64(self, offset):
        return struct.unpack_from("<Q", self.buf, offset)[0]

    def publish(self, frame):
        """Writes one height x width x 4 uint8 frame into the next slot and publishes it."""
        # A lossless reader a whole ring behind: wait for room.
        while struct.unpack_from("<I", self.buf, CONSUMER_MODE)[0] == LOSSLESS and \
                self.next - self._u64(CONSUMED) >= self.slots:
            struct.pack_into("<Q", self.buf, HEARTBEAT, now_ns())
            time.sleep(0.001)
        slot = HEADER_BYTES + (self.next % self.slots) * self.slot_bytes
        struct.pack_into("<Q", self.buf, slot, 2 * self.next + 1)  # being written
        start = slot + SLOT_HEADER_BYTES
        self.buf[start:start + self.payload] = frame.tobytes()
        stamp = now_ns()
        struct.pack_into("<QQQ", self.buf, slot + 8, self.next, stamp, self.payload)
        struct.pack_into("<Q", self.buf, slot, 2 * self.next + 2)  # complete
        self.next += 1
        struct.pack_into("<QQ", self.buf, PUBLISHED, self.next, stamp)
        struct.pack_into("<I", self.buf, PUBLISHED_WORD, self.next & 0xFFFFFFFF)

    def close(self):
        struct.pack_into("<I", self.buf, STATE, ENDED)
        self.buf = None
        self.shm.close()
        self.shm.unlink()


def colour_bars(width, height, index):
    x = (np.arange(width) + 4 * index) % width
    bar = (x * 8 // width).astype(np.uint8)
    rgb = np.stack([(bar & 1) * 255, (bar >> 1 & 1) * 255, (bar >> 2 & 1) * 255], axis=-1).astype(np.uint8)
    frame = np.empty((height, width, 4), np.uint8)
    frame[:, :, :3] = rgb[None, :, :]
    frame[:, :, 3] = 255
    return frame


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", help="ring name, as in shm:NAME")
    parser.add_argument("--size", default="640x360", help="WxH")
    parser.add_argument("--rate", type=int, default=30, help="frames per second")
    parser.add_argument("--frames", type=int, default=300, help="frames to publish")
    parser.add_argument("--slots", type=int, default=4, help="ring slots (at least 3)")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    producer = Producer(args.name, width, height, args.rate, 1, args.slots)
    start = time.monotonic()
    try:
        for index in range(args.frames):
            delay = start + index / args.rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            producer.publish(colour_bars(width, height, index))
    finally:
        producer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
