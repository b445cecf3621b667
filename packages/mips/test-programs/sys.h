/* Raw o32 Linux syscalls for freestanding MIPS32 test programs (no libc). Cannon reports errors
 * as v0 = -1 with errno in a3; Linux as v0 = errno with a3 = 1 — these programs avoid error paths. */
typedef unsigned int u32;
typedef unsigned long long u64;
typedef unsigned char u8;

#define SYS_READ 4003
#define SYS_WRITE 4004
#define SYS_EXIT_GROUP 4246

static inline long sys3(long n, long a, long b, long c) {
  register long v0 __asm__("$2") = n;
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a2 __asm__("$6") = c;
  register long a3 __asm__("$7");
  __asm__ volatile("syscall"
                   : "+r"(v0), "=r"(a3)
                   : "r"(a0), "r"(a1), "r"(a2)
                   : "memory", "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25", "hi", "lo");
  return v0;
}

static void sys_exit(int code) {
  sys3(SYS_EXIT_GROUP, code, 0, 0);
  for (;;) {
  }
}

static void write_all(int fd, const void *buf, u32 n) {
  const u8 *p = (const u8 *)buf;
  while (n > 0) {
    long w = sys3(SYS_WRITE, fd, (long)p, n);
    if (w <= 0) sys_exit(3);
    p += w;
    n -= (u32)w;
  }
}

static void read_all(int fd, void *buf, u32 n) {
  u8 *p = (u8 *)buf;
  while (n > 0) {
    long r = sys3(SYS_READ, fd, (long)p, n);
    if (r <= 0) sys_exit(4);
    p += r;
    n -= (u32)r;
  }
}

static u32 str_len(const char *s) {
  u32 n = 0;
  while (s[n]) n++;
  return n;
}

static void puts_fd(int fd, const char *s) { write_all(fd, s, str_len(s)); }

static void put_hex(int fd, const u8 *b, u32 n) {
  static const char digits[] = "0123456789abcdef";
  char out[2];
  for (u32 i = 0; i < n; i++) {
    out[0] = digits[b[i] >> 4];
    out[1] = digits[b[i] & 15];
    write_all(fd, out, 2);
  }
}

/* gcc may emit calls to these for aggregate initialisation even when freestanding. */
void *memset(void *d, int c, unsigned int n) {
  u8 *p = (u8 *)d;
  while (n--) *p++ = (u8)c;
  return d;
}
void *memcpy(void *d, const void *s, unsigned int n) {
  u8 *p = (u8 *)d;
  const u8 *q = (const u8 *)s;
  while (n--) *p++ = *q++;
  return d;
}
