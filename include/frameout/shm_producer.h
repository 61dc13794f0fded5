/* frameout shared-memory ring, version 1: the layout and a header-only producer.
 *
 * A producer (renderer, capture process) publishes frames or PCM blocks into a ring of slots in a POSIX
 * shared-memory segment; `frameout movie --input shm:NAME` (or `--audiochop shm:NAME`) reads them. The byte
 * layout is documented in docs/shm-protocol.md; this header is its reference. C99 or C++, Linux, GCC or clang
 * (the __atomic builtins). Link with nothing extra on glibc 2.34+ (shm_open is in libc), -lrt before.
 *
 *   fo_shm_producer p;
 *   int err = fo_shm_video_open(&p, "take1", 1920, 1080, "rgba8fixed", 1920 * 4, 60, 1, 4);
 *   while (rendering) {
 *     void* slot = fo_shm_begin(&p);       // may wait while a lossless consumer is a whole ring behind
 *     render_into(slot);                   // fo_shm_row_bytes(&p) per row, fo_shm_height rows
 *     fo_shm_commit(&p, payload_bytes);    // publishes the frame
 *   }
 *   fo_shm_close(&p);                      // marks the stream ended and removes the segment
 */
#ifndef FRAMEOUT_SHM_PRODUCER_H
#define FRAMEOUT_SHM_PRODUCER_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/futex.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FO_SHM_MAGIC 0x4D485346u /* "FSHM" in memory order */
#define FO_SHM_VERSION 1u
#define FO_SHM_HEADER_BYTES 4096u /* the header page; slot 0 starts right after it */
#define FO_SHM_SLOT_HEADER_BYTES 64u
#define FO_SHM_MIN_SLOTS 3u
#define FO_SHM_NAME_MAX 200u

enum fo_shm_kind { FO_SHM_VIDEO = 1, FO_SHM_AUDIO = 2 };
enum fo_shm_state { FO_SHM_STARTING = 0, FO_SHM_STREAMING = 1, FO_SHM_ENDED = 2 };
enum fo_shm_consumer_mode { FO_SHM_NO_CONSUMER = 0, FO_SHM_LOSSLESS = 1, FO_SHM_LATEST = 2 };

/* The header page. Fixed fields are written once before `state` becomes STREAMING; the live fields are
 * read and written with atomic operations. All integers little-endian (the host's order on every Linux
 * machine frameout runs on). */
typedef struct fo_shm_header {
  uint32_t magic;           /*   0: FO_SHM_MAGIC */
  uint16_t version;         /*   4: FO_SHM_VERSION */
  uint16_t kind;            /*   6: fo_shm_kind */
  uint32_t header_bytes;    /*   8: FO_SHM_HEADER_BYTES */
  uint32_t slot_count;      /*  12: at least FO_SHM_MIN_SLOTS */
  uint64_t slot_bytes;      /*  16: distance from one slot to the next (a multiple of 64) */
  uint64_t payload_bytes;   /*  24: largest payload a slot holds */
  uint32_t width;           /*  32: video: pixels; audio: 0 */
  uint32_t height;          /*  36: video: rows; audio: 0 */
  uint32_t row_bytes;       /*  40: video: bytes from one row to the next; audio: bytes per sample frame */
  uint32_t channels;        /*  44: audio: channels; video: 0 */
  char format[32];          /*  48: frameout's token: video "rgba8fixed" …, audio "s16", "s24", "s32", "f32" */
  uint32_t rate_num;        /*  80: video frames / audio sample frames per second: numerator */
  uint32_t rate_den;        /*  84: … and denominator */
  uint32_t producer_pid;    /*  88: the producer's process id */
  uint32_t reserved0;       /*  92: 0 */
  uint64_t session_id;      /*  96: random, new each time a producer creates the segment */
  /* live fields */
  uint32_t state;           /* 104: fo_shm_state */
  uint32_t published_word;  /* 108: low 32 bits of `published`, a futex word consumers may wait on */
  uint64_t published;       /* 112: slots published so far; slot n is in ring position n % slot_count */
  uint64_t heartbeat_ns;    /* 120: CLOCK_MONOTONIC of the producer's last publish or heartbeat */
  uint64_t consumed;        /* 128: lossless consumer: slots it has finished reading */
  uint32_t consumer_pid;    /* 136: the attached consumer, 0 for none */
  uint32_t consumer_mode;   /* 140: fo_shm_consumer_mode */
  uint32_t consumed_word;   /* 144: low 32 bits of `consumed`, a futex word the producer waits on */
  uint32_t reserved1;       /* 148: 0 */
} fo_shm_header;

/* The first 64 bytes of every slot; the payload follows. `sequence` is a seqlock: 2n+1 while slot n is being
 * written, 2n+2 once it is complete. A reader copies the payload between two reads of `sequence` and keeps it
 * only when both read 2n+2. */
typedef struct fo_shm_slot_header {
  uint64_t sequence;      /*  0 */
  uint64_t index;         /*  8: n, the slot's number in the stream */
  uint64_t timestamp_ns;  /* 16: CLOCK_MONOTONIC when it was published */
  uint64_t payload;       /* 24: bytes of payload written */
  uint64_t reserved[4];   /* 32: 0 */
} fo_shm_slot_header;

/* A producer's handle. */
typedef struct fo_shm_producer {
  char name[FO_SHM_NAME_MAX + 2];
  fo_shm_header* header;
  size_t mapped_bytes;
  uint64_t next;  /* index of the slot being or to be written */
} fo_shm_producer;

static inline uint64_t fo_shm_now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static inline fo_shm_slot_header* fo_shm_slot(fo_shm_header* h, uint64_t index) {
  return (fo_shm_slot_header*)((char*)h + h->header_bytes + (index % h->slot_count) * h->slot_bytes);
}

/* Waits until *word differs from `seen` or `timeout_ns` passes (spurious wake-ups are fine). */
static inline void fo_shm_wait_word(uint32_t* word, uint32_t seen, long timeout_ns) {
  struct timespec t = {0, timeout_ns};
  syscall(SYS_futex, word, FUTEX_WAIT, seen, &t, NULL, 0);
}

static inline void fo_shm_wake_word(uint32_t* word) { syscall(SYS_futex, word, FUTEX_WAKE, 0x7fffffff, NULL, NULL, 0); }

/* Whether a segment left by a producer that is gone may be replaced. */
static inline int fo_shm_owner_gone(const char* shm_name) {
  int fd = shm_open(shm_name, O_RDONLY, 0);
  if (fd < 0) return errno == ENOENT;
  fo_shm_header h;
  ssize_t got = pread(fd, &h, sizeof h, 0);
  close(fd);
  if (got != (ssize_t)sizeof h || h.magic != FO_SHM_MAGIC) return 0; /* not ours: leave it alone */
  return h.producer_pid == 0 || (kill((pid_t)h.producer_pid, 0) != 0 && errno == ESRCH);
}

/* Creates the segment "/NAME" (mode 0600) and its header. Returns 0 or an errno value: EEXIST when a live
 * producer owns the name (a segment whose producer is gone is replaced), EINVAL for a bad description. */
static inline int fo_shm_open(fo_shm_producer* p, const char* name, uint16_t kind, uint32_t width, uint32_t height,
                              uint32_t row_bytes, uint32_t channels, const char* format, uint64_t payload_bytes,
                              uint32_t rate_num, uint32_t rate_den, uint32_t slot_count) {
  memset(p, 0, sizeof *p);
  if (!name || !*name || strlen(name) > FO_SHM_NAME_MAX || strchr(name, '/') || !format ||
      strlen(format) >= sizeof(((fo_shm_header*)0)->format) || slot_count < FO_SHM_MIN_SLOTS || payload_bytes == 0 ||
      rate_num == 0 || rate_den == 0)
    return EINVAL;
  snprintf(p->name, sizeof p->name, "/%s", name);
  const uint64_t slot_bytes = (FO_SHM_SLOT_HEADER_BYTES + payload_bytes + 63u) / 64u * 64u;
  const uint64_t total = FO_SHM_HEADER_BYTES + slot_bytes * slot_count;
  int fd = shm_open(p->name, O_RDWR | O_CREAT | O_EXCL, 0600);
  if (fd < 0 && errno == EEXIST && fo_shm_owner_gone(p->name)) {
    shm_unlink(p->name);
    fd = shm_open(p->name, O_RDWR | O_CREAT | O_EXCL, 0600);
  }
  if (fd < 0) return errno;
  if (ftruncate(fd, (off_t)total) != 0) {
    int err = errno;
    close(fd);
    shm_unlink(p->name);
    return err;
  }
  void* map = mmap(NULL, (size_t)total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  int err = errno;
  close(fd);
  if (map == MAP_FAILED) {
    shm_unlink(p->name);
    return err;
  }
  /* Every page written once now (it is zero already): the first frames are then published at full speed,
   * not a page fault at a time (on a virtual machine, writing an 8 MB slot the first time takes 20-40 ms). */
  memset(map, 0, (size_t)total);
  fo_shm_header* h = (fo_shm_header*)map;
  h->magic = FO_SHM_MAGIC;
  h->version = FO_SHM_VERSION;
  h->kind = kind;
  h->header_bytes = FO_SHM_HEADER_BYTES;
  h->slot_count = slot_count;
  h->slot_bytes = slot_bytes;
  h->payload_bytes = payload_bytes;
  h->width = width;
  h->height = height;
  h->row_bytes = row_bytes;
  h->channels = channels;
  strncpy(h->format, format, sizeof h->format - 1);
  h->rate_num = rate_num;
  h->rate_den = rate_den;
  h->producer_pid = (uint32_t)getpid();
  uint64_t session = 0;
  int random_fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (random_fd >= 0) {
    if (read(random_fd, &session, sizeof session) != (ssize_t)sizeof session) session = 0;
    close(random_fd);
  }
  h->session_id = session ? session : fo_shm_now_ns() ^ ((uint64_t)getpid() << 32);
  __atomic_store_n(&h->heartbeat_ns, fo_shm_now_ns(), __ATOMIC_RELAXED);
  __atomic_store_n(&h->state, (uint32_t)FO_SHM_STREAMING, __ATOMIC_RELEASE);
  p->header = h;
  p->mapped_bytes = (size_t)total;
  return 0;
}

/* A video ring: `format` is a frameout --input-format token, `row_bytes` at least width × bytes per pixel. */
static inline int fo_shm_video_open(fo_shm_producer* p, const char* name, uint32_t width, uint32_t height,
                                    const char* format, uint32_t row_bytes, uint32_t rate_num, uint32_t rate_den,
                                    uint32_t slot_count) {
  return fo_shm_open(p, name, FO_SHM_VIDEO, width, height, row_bytes, 0, format, (uint64_t)row_bytes * height,
                     rate_num, rate_den, slot_count);
}

/* An audio ring of interleaved PCM blocks of up to `block_frames` sample frames; `format` s16, s24, s32 or f32. */
static inline int fo_shm_audio_open(fo_shm_producer* p, const char* name, uint32_t sample_rate, uint32_t channels,
                                    const char* format, uint32_t block_frames, uint32_t slot_count) {
  const uint32_t bytes = strcmp(format, "s16") == 0 ? 2 : strcmp(format, "s24") == 0 ? 3 : 4;
  return fo_shm_open(p, name, FO_SHM_AUDIO, 0, 0, bytes * channels, channels, format,
                     (uint64_t)bytes * channels * block_frames, sample_rate, 1, slot_count);
}

/* Row stride and payload size of the ring. */
static inline uint32_t fo_shm_row_bytes(const fo_shm_producer* p) { return p->header->row_bytes; }
static inline uint64_t fo_shm_payload_bytes(const fo_shm_producer* p) { return p->header->payload_bytes; }

/* Marks the producer alive; call at least once a second while publishing nothing. */
static inline void fo_shm_heartbeat(fo_shm_producer* p) {
  __atomic_store_n(&p->header->heartbeat_ns, fo_shm_now_ns(), __ATOMIC_RELEASE);
}

/* Whether the slot about to be written is still unread by a lossless consumer. */
static inline int fo_shm_ring_full(const fo_shm_producer* p) {
  fo_shm_header* h = p->header;
  if (__atomic_load_n(&h->consumer_mode, __ATOMIC_ACQUIRE) != FO_SHM_LOSSLESS) return 0;
  return p->next - __atomic_load_n(&h->consumed, __ATOMIC_ACQUIRE) >= h->slot_count;
}

/* The payload of the next slot, to be filled and then committed. With a lossless consumer attached, waits
 * while the ring is full (the consumer leaving or dying ends the wait). */
static inline void* fo_shm_begin(fo_shm_producer* p) {
  fo_shm_header* h = p->header;
  while (fo_shm_ring_full(p)) {
    uint32_t pid = __atomic_load_n(&h->consumer_pid, __ATOMIC_ACQUIRE);
    if (pid != 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
      __atomic_store_n(&h->consumer_mode, (uint32_t)FO_SHM_NO_CONSUMER, __ATOMIC_RELEASE);
      break;
    }
    fo_shm_heartbeat(p);
    fo_shm_wait_word(&h->consumed_word, __atomic_load_n(&h->consumed_word, __ATOMIC_ACQUIRE), 20000000L);
  }
  fo_shm_slot_header* slot = fo_shm_slot(h, p->next);
  __atomic_store_n(&slot->sequence, 2 * p->next + 1, __ATOMIC_RELAXED);
  __atomic_thread_fence(__ATOMIC_RELEASE);
  return (char*)slot + FO_SHM_SLOT_HEADER_BYTES;
}

/* Publishes the slot begun last, holding `payload` bytes. */
static inline void fo_shm_commit(fo_shm_producer* p, uint64_t payload) {
  fo_shm_header* h = p->header;
  fo_shm_slot_header* slot = fo_shm_slot(h, p->next);
  const uint64_t now = fo_shm_now_ns();
  slot->index = p->next;
  slot->timestamp_ns = now;
  slot->payload = payload < h->payload_bytes ? payload : h->payload_bytes;
  __atomic_store_n(&slot->sequence, 2 * p->next + 2, __ATOMIC_RELEASE);
  ++p->next;
  __atomic_store_n(&h->published, p->next, __ATOMIC_RELEASE);
  __atomic_store_n(&h->published_word, (uint32_t)p->next, __ATOMIC_RELEASE);
  __atomic_store_n(&h->heartbeat_ns, now, __ATOMIC_RELEASE);
  fo_shm_wake_word(&h->published_word);
}

/* Copies `bytes` from `data` into the next slot and publishes it. */
static inline void fo_shm_publish(fo_shm_producer* p, const void* data, uint64_t bytes) {
  if (bytes > p->header->payload_bytes) bytes = p->header->payload_bytes;
  memcpy(fo_shm_begin(p), data, (size_t)bytes);
  fo_shm_commit(p, bytes);
}

/* Ends the stream (readers finish what they have) and removes the segment. */
static inline void fo_shm_close(fo_shm_producer* p) {
  if (!p->header) return;
  __atomic_store_n(&p->header->state, (uint32_t)FO_SHM_ENDED, __ATOMIC_RELEASE);
  fo_shm_wake_word(&p->header->published_word);
  munmap(p->header, p->mapped_bytes);
  shm_unlink(p->name);
  p->header = NULL;
}

#ifdef __cplusplus
}
#endif

#endif /* FRAMEOUT_SHM_PRODUCER_H */
