/* fsync against fdatasync on the disk under the benchmarks, alternated in blocks of five commits
   so a changing load reaches both alike. Each "commit" is SQLite's DELETE-journal pattern at
   synchronous FULL: a journal created and written (header + 2 pages), synced, its directory
   synced, its header rewritten and synced; the database written (2 pages + 1 appended) and synced;
   the journal unlinked. better-sqlite3's SQLite is built without HAVE_FDATASYNC (fsync), Debian's
   sqlite3 shell with it (fdatasync): this says whether that difference matters here.
     cc -O2 -o /tmp/sync-call-ab bench/sync-call-ab.c && /tmp/sync-call-ab 300 /tmp   */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e6 + t.tv_nsec / 1e3; }
static int cmp(const void *a, const void *b) { double x = *(double *)a, y = *(double *)b; return x < y ? -1 : x > y; }
int main(int argc, char **argv) {
  int n = atoi(argv[1]); const char *dir = argv[2];
  char db[512], jr[512]; snprintf(db, sizeof db, "%s/ab.db", dir); snprintf(jr, sizeof jr, "%s/ab.db-journal", dir);
  int dfd = open(dir, O_RDONLY); int fd = open(db, O_RDWR | O_CREAT | O_TRUNC, 0644);
  char page[4096]; memset(page, 7, sizeof page);
  for (int i = 0; i < 64; i++) pwrite(fd, page, 4096, i * 4096L);
  fsync(fd);
  double *t[2]; t[0] = malloc(n * sizeof(double)); t[1] = malloc(n * sizeof(double)); int k[2] = {0, 0};
  long size = 64;
  for (int i = 0; i < 2 * n; i++) {
    int m = (i / 5) % 2; // blocks of five of each, alternating
    int (*sync)(int) = m ? fdatasync : fsync;
    double t0 = now();
    int j = open(jr, O_RDWR | O_CREAT, 0644);
    pwrite(j, page, 512, 0); pwrite(j, page, 4096, 516); pwrite(j, page, 4096, 4620);
    sync(j); sync(dfd); pwrite(j, page, 12, 0); sync(j);
    pwrite(fd, page, 4096, 0); pwrite(fd, page, 4096, 8192); pwrite(fd, page, 4096, size++ * 4096L);
    sync(fd); close(j); unlink(jr);
    t[m][k[m]++] = now() - t0;
  }
  for (int m = 0; m < 2; m++) { qsort(t[m], k[m], sizeof(double), cmp); printf("%s: median %.0f us, p25 %.0f, p75 %.0f (n=%d)\n", m ? "fdatasync" : "fsync", t[m][k[m] / 2], t[m][k[m] / 4], t[m][3 * k[m] / 4], k[m]); }
  unlink(db); return 0;
}
