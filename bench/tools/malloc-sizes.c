// LD_PRELOAD counter of malloc/calloc/realloc calls by size (powers of two), for bench/tools/idle-rss.mjs.
// SIGPWR turns counting on; the next SIGPWR turns it off and prints the counts to stderr. A diagnostic
// only: it never changes what the program allocates.
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static unsigned long counts[48], bytes[48], reallocs[48];
static volatile int counting = 0;

static int bucket(size_t n) {
  int i = 0;
  while (n > 1 && i < 47) { n >>= 1; i++; }
  return i;
}
static void note(size_t n) {
  int k = bucket(n);
  __atomic_add_fetch(&counts[k], 1, __ATOMIC_RELAXED);
  __atomic_add_fetch(&bytes[k], n, __ATOMIC_RELAXED);
}
void *malloc(size_t n) { if (counting) note(n); return __libc_malloc(n); }
void *calloc(size_t a, size_t n) { if (counting) note(a * n); return __libc_calloc(a, n); }
void *realloc(void *p, size_t n) {
  if (counting) __atomic_add_fetch(&reallocs[bucket(n)], 1, __ATOMIC_RELAXED);
  return __libc_realloc(p, n);
}

static void toggle(int sig) {
  (void)sig;
  counting = !counting;
  if (counting) return;
  char line[160];
  for (int i = 0; i < 48; i++) {
    if (!counts[i] && !reallocs[i]) continue;
    int n = snprintf(line, sizeof line, "malloc %9lu B and up: %8lu calls, %11lu bytes; %lu reallocs\n", 1UL << i, counts[i], bytes[i], reallocs[i]);
    if (write(2, line, (size_t)n) < 0) break;
  }
  memset(counts, 0, sizeof counts);
  memset(bytes, 0, sizeof bytes);
  memset(reallocs, 0, sizeof reallocs);
}

__attribute__((constructor)) static void init(void) { signal(SIGPWR, toggle); }
