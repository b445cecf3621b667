// A tiny pre-image host for tests, speaking the op-program wire protocol on fds 3-6 as
// `cannon run -- <host>` provides them: fd 3 hint requests (u32 BE length + hint) answered by
// one 0x00 byte on fd 4; fd 5 keys (32 bytes) answered on fd 6 by u64 BE length + data.
// Usage: node host.mjs <preimages.json: {"0x<key>": "0x<value>"}> [hints.log]
import { appendFileSync, createReadStream, readFileSync, writeSync } from 'node:fs';

const table = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const hintLog = process.argv[3];

function serve(fd, headerSize, frameSize, onFrame) {
  let buf = Buffer.alloc(0);
  createReadStream(null, { fd, autoClose: false })
    .on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (buf.length < headerSize) return;
        const size = frameSize(buf);
        if (buf.length < size) return;
        onFrame(buf.subarray(0, size));
        buf = buf.subarray(size);
      }
    })
    .on('end', () => process.exit(0));
}

serve(
  3,
  4,
  (b) => 4 + b.readUInt32BE(0),
  (frame) => {
    if (hintLog) appendFileSync(hintLog, `${frame.subarray(4).toString('utf8')}\n`);
    writeSync(4, Buffer.of(0));
  },
);

serve(
  5,
  32,
  () => 32,
  (key) => {
    const hex = `0x${key.toString('hex')}`;
    const value = table[hex];
    if (value === undefined) {
      process.stderr.write(`test host: no pre-image for ${hex}\n`);
      process.exit(1);
    }
    const data = Buffer.from(value.slice(2), 'hex');
    const len = Buffer.alloc(8);
    len.writeBigUInt64BE(BigInt(data.length));
    writeSync(6, Buffer.concat([len, data]));
  },
);
