/* Pre-image client in C: reads local key 1 (a 32-byte hash H) and local key 2 (a claimed length,
 * u64 BE), sends the hint "keccak-preimage 0x<H>", fetches the keccak pre-image of H, checks it
 * really hashes to H (else exit 2) and exits 0 if its length equals the claim, 1 if not.
 * fds: 3 hint read, 4 hint write, 5 pre-image read, 6 pre-image write (op-preimage). */
#include "sys.h"
#include "keccak.h"

static u8 buf[1 << 16];

static void hint(const char *s) {
  u8 msg[256];
  u32 n = str_len(s);
  msg[0] = (u8)(n >> 24);
  msg[1] = (u8)(n >> 16);
  msg[2] = (u8)(n >> 8);
  msg[3] = (u8)n;
  for (u32 i = 0; i < n; i++) msg[4 + i] = (u8)s[i];
  write_all(4, msg, 4 + n);
  u8 ack;
  read_all(3, &ack, 1);
}

static u32 get_preimage(const u8 key[32], u8 *out, u32 cap) {
  u8 lenb[8];
  write_all(6, key, 32);
  read_all(5, lenb, 8);
  u32 len = ((u32)lenb[4] << 24) | ((u32)lenb[5] << 16) | ((u32)lenb[6] << 8) | lenb[7];
  if (lenb[0] | lenb[1] | lenb[2] | lenb[3] || len > cap) sys_exit(3);
  read_all(5, out, len);
  return len;
}

static void local_key(u8 key[32], u8 index) {
  for (int i = 0; i < 32; i++) key[i] = 0;
  key[0] = 1;
  key[31] = index;
}

void __start(void) {
  u8 key[32], h[32], claim[8], check[32];
  local_key(key, 1);
  if (get_preimage(key, h, 32) != 32) sys_exit(3);
  local_key(key, 2);
  if (get_preimage(key, claim, 8) != 8) sys_exit(3);

  static const char digits[] = "0123456789abcdef";
  char text[96] = "keccak-preimage 0x";
  u32 p = str_len(text);
  for (int i = 0; i < 32; i++) {
    text[p++] = digits[h[i] >> 4];
    text[p++] = digits[h[i] & 15];
  }
  text[p] = 0;
  hint(text);

  for (int i = 0; i < 32; i++) key[i] = h[i];
  key[0] = 2;
  u32 len = get_preimage(key, buf, sizeof buf);
  keccak256(buf, len, check);
  for (int i = 0; i < 32; i++)
    if (check[i] != h[i]) {
      puts_fd(2, "pre-image does not hash to its key\n");
      sys_exit(2);
    }
  u32 claimed = ((u32)claim[4] << 24) | ((u32)claim[5] << 16) | ((u32)claim[6] << 8) | claim[7];
  if (claim[0] | claim[1] | claim[2] | claim[3] || claimed != len) {
    puts_fd(1, "claim invalid\n");
    sys_exit(1);
  }
  puts_fd(1, "claim valid\n");
  sys_exit(0);
}
