/* Lab mode of bench/apply-sqlite.mjs (see fixed-sync.mjs): fsync and fdatasync replaced by a sleep
   of FIXED_SYNC_US microseconds, so every process measured pays the same, steady I/O latency per
   sync instead of a shared disk's. Not durable: for comparing processes, never for real data.
   Timer slack is set to 1 ns so a 175 µs sleep is not rounded up to 225 µs. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>

static long micros = 175;

__attribute__((constructor)) static void start(void) {
  const char *value = getenv("FIXED_SYNC_US");
  if (value != NULL) micros = atol(value);
  prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
}

static int pause_as_a_sync(void) {
  struct timespec t = {micros / 1000000, (micros % 1000000) * 1000};
  while (nanosleep(&t, &t) != 0) {}
  return 0;
}

int fsync(int fd) { (void)fd; return pause_as_a_sync(); }
int fdatasync(int fd) { (void)fd; return pause_as_a_sync(); }
