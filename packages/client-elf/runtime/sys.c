/*
 * The operating system as newlib sees it inside client.elf: the handful of calls a program
 * needs — read, write, sbrk, exit — as raw Linux o32 syscalls, which Cannon implements (read
 * 4003, write 4004, mmap 4090, exit_group 4246) and qemu-mips passes to Linux. Everything else
 * newlib may reference (files, processes, time) answers "not supported" or zero: the fault-proof
 * program has no files, no clock and no other process, and must not behave differently when one
 * exists.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>

#undef errno
extern int errno;

#define SYS_READ 4003
#define SYS_WRITE 4004
#define SYS_MMAP 4090
#define SYS_EXIT_GROUP 4246

/* A Linux o32 syscall with up to four register arguments (mmap's 5th and 6th: see mmap()).
 * On return $a3 is non-zero when $v0 holds an errno. */
static long sys4(long n, long a, long b, long c, long d, int *failed) {
  register long v0 __asm__("$2") = n;
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a2 __asm__("$6") = c;
  register long a3 __asm__("$7") = d;
  __asm__ volatile("syscall"
                   : "+r"(v0), "+r"(a3)
                   : "r"(a0), "r"(a1), "r"(a2)
                   : "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25", "hi", "lo",
                     "memory");
  *failed = a3 != 0;
  return v0;
}

static long syscall_result(long v, int failed) {
  if (failed) {
    errno = (int)v;
    return -1;
  }
  return v;
}

int read(int fd, void *buf, size_t n) {
  int failed;
  long v = sys4(SYS_READ, fd, (long)buf, (long)n, 0, &failed);
  return (int)syscall_result(v, failed);
}

int write(int fd, const void *buf, size_t n) {
  int failed;
  long v = sys4(SYS_WRITE, fd, (long)buf, (long)n, 0, &failed);
  return (int)syscall_result(v, failed);
}

void _exit(int code) {
  int failed;
  for (;;) sys4(SYS_EXIT_GROUP, code, 0, 0, 0, &failed);
}

/* mmap(NULL, len, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0). The 5th and 6th
 * arguments go on the stack at 16($sp) and 20($sp) (o32), which a C call cannot arrange for a
 * raw syscall instruction, so this one is assembly. */
static void *map_anonymous(size_t len) {
  register long v0 __asm__("$2") = SYS_MMAP;
  register long a0 __asm__("$4") = 0;
  register long a1 __asm__("$5") = (long)len;
  register long a2 __asm__("$6") = 3;
  register long a3 __asm__("$7") = 0x802;
  __asm__ volatile(
      "addiu $sp, $sp, -32\n\t"
      "li $8, -1\n\t"
      "sw $8, 16($sp)\n\t"
      "sw $0, 20($sp)\n\t"
      "syscall\n\t"
      "addiu $sp, $sp, 32"
      : "+r"(v0), "+r"(a3)
      : "r"(a0), "r"(a1), "r"(a2)
      : "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25", "hi", "lo", "memory");
  return a3 != 0 ? NULL : (void *)v0;
}

/* newlib's malloc grows the heap through sbrk. The whole heap is one anonymous mapping made on
 * first use: Cannon hands out address space by bumping a pointer and materialises only the
 * pages written, Linux maps lazily, so reserving is free in both. Under Cannon the 1.5 GiB
 * always fits (its heap starts at 0x05000000, the stack region is near 0x7fffd000); qemu-mips
 * leaves a 32-bit guest less contiguous room below its mmap base, so the reservation halves
 * until it fits there. The program's trace — which only Cannon's matters for — never sees it. */
#define HEAP_RESERVE (1536u << 20)
#define HEAP_RESERVE_MIN (64u << 20)
static char *heap_base, *heap_end;
static size_t heap_size;

void *sbrk(ptrdiff_t incr) {
  if (heap_base == NULL) {
    for (heap_size = HEAP_RESERVE; heap_size >= HEAP_RESERVE_MIN; heap_size /= 2) {
      heap_base = map_anonymous(heap_size);
      if (heap_base != NULL) break;
    }
    if (heap_base == NULL) {
      errno = ENOMEM;
      return (void *)-1;
    }
    heap_end = heap_base;
  }
  if (incr > 0 && (size_t)incr > (size_t)(heap_base + heap_size - heap_end)) {
    errno = ENOMEM;
    return (void *)-1;
  }
  if (incr < 0 && (size_t)(-incr) > (size_t)(heap_end - heap_base)) {
    errno = EINVAL;
    return (void *)-1;
  }
  char *old = heap_end;
  heap_end += incr;
  return old;
}

/* No files, processes or clock: deterministic answers for whatever newlib links in. */
int close(int fd) {
  (void)fd;
  return 0;
}
int fstat(int fd, struct stat *st) {
  (void)fd;
  st->st_mode = S_IFCHR;
  return 0;
}
int isatty(int fd) { return fd <= 2; }
int lseek(int fd, int off, int whence) {
  (void)fd;
  (void)off;
  (void)whence;
  errno = ESPIPE;
  return -1;
}
int open(const char *path, int flags, ...) {
  (void)path;
  (void)flags;
  errno = ENOENT;
  return -1;
}
int getpid(void) { return 1; }
int kill(int pid, int sig) {
  (void)pid;
  (void)sig;
  errno = EINVAL;
  return -1;
}
int gettimeofday(struct timeval *tv, void *tz) {
  (void)tz;
  if (tv) {
    tv->tv_sec = 0;
    tv->tv_usec = 0;
  }
  return 0;
}
clock_t times(struct tms *t) {
  if (t) t->tms_utime = t->tms_stime = t->tms_cutime = t->tms_cstime = 0;
  return 0;
}
