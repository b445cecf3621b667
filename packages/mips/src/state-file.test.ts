import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { StateFormatError } from './errors.js';
import { encodeWitness, MipsState } from './state.js';
import { decodeStateBinary, encodeStateBinary } from './state-binary.js';
import { checkAnyStateBytes, decodeAnyStateBytes, decodeStateBytes, readStateFile } from './state-file.js';
import { decodeStateJson, encodeStateJson } from './state-json.js';

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

const arbState = fc
  .record({
    words: fc.array(fc.tuple(fc.integer({ min: 0, max: 0x3fffffff }), fc.integer({ min: 0, max: 0xffffffff })), {
      maxLength: 8,
    }),
    regs: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 32, maxLength: 32 }),
    key: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    scalars: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 6, maxLength: 6 }),
    exit: fc.integer({ min: 0, max: 255 }),
    exited: fc.boolean(),
    step: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    hint: fc.uint8Array({ maxLength: 9 }),
  })
  .map((r) => {
    const s = new MipsState();
    for (const [a, v] of r.words) s.memory.setWord((a * 4) >>> 0, v);
    r.regs.forEach((v, i) => {
      s.registers[i] = v | 0;
    });
    s.preimageKey = r.key;
    [s.preimageOffset, s.pc, s.nextPC, s.lo, s.hi, s.heap] = r.scalars;
    s.exitCode = r.exit;
    s.exited = r.exited;
    s.step = r.step;
    s.lastHint = r.hint;
    return s;
  });

const utf8 = (t: string) => new TextEncoder().encode(t);
const jsonOf = (s: MipsState) => [...encodeStateJson(s)].join('');
const binOf = (s: MipsState) => concat([...encodeStateBinary(s)]);

/** A small state with two pages, a hint and every field set. */
function sample(): MipsState {
  const s = new MipsState();
  s.memory.setWord(0x1000, 0x24020fa1);
  s.memory.setWord(0x7fff_f000, 0xdeadbeef);
  s.pc = 0x1000;
  s.nextPC = 0x1004;
  s.step = 77;
  s.registers[29] = 0x7fffd000;
  s.lastHint = Uint8Array.of(0, 0, 0, 9, 1);
  return s;
}

/** Calls `f`; the only acceptable failure is a StateFormatError (issue 18: no SyntaxError, RangeError or zlib Error). */
function typedOrOk(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof StateFormatError)) throw new Error(`untyped failure: ${String(e)}`);
  }
}

describe('state files', () => {
  it('JSON and binary round-trip every field (witness + lastHint + pages)', () => {
    fc.assert(
      fc.property(arbState, (s) => {
        const json = new TextEncoder().encode([...encodeStateJson(s)].join(''));
        const bin = concat([...encodeStateBinary(s)]);
        for (const t of [
          decodeStateJson(json),
          decodeStateBinary(bin),
          decodeStateBytes(json),
          decodeStateBytes(bin),
        ]) {
          expect(encodeWitness(t)).toEqual(encodeWitness(s));
          expect(t.lastHint).toEqual(s.lastHint);
          expect(t.memory.pageIndices()).toEqual(s.memory.pageIndices());
        }
      }),
      { numRuns: 25 },
    );
  });

  it('rejects malformed input with typed errors', () => {
    const withPc = new TextEncoder().encode(jsonOf(new MipsState()).replace('"pc":0', '"pc":-1'));
    expect(() => decodeStateJson(withPc)).toThrow(/pc: expected a uint32/);
    expect(() => decodeStateBinary(Uint8Array.of(0, 0, 0, 0, 1))).toThrow(/truncated in page 0/);
    expect(() => decodeStateBinary(Uint8Array.of(3, 0, 0, 0, 0))).toThrow(/unsupported state version 3/);
  });
});

describe('hostile state files: typed errors only, nothing allocated past the bounds', () => {
  it.each([
    ['4 bytes, a raw newline in a key', '{"\n"', /invalid JSON value at byte 1/],
    ['bad base64 page data', '{"memory":[{"index":0,"data":"A"}]}', /memory entry 0: data is not base64/],
    ['zlib garbage in a page', '{"memory":[{"index":0,"data":"AAAA"}]}', /memory entry 0: data is not base64\(zlib/],
    ['data after the object', '{"memory":[]} x', /unexpected data after the object/],
    ['a cpu that is not an object', '{"cpu":3}', /cpu: expected an object/],
  ])('state.json: %s → StateFormatError', (_what, text, message) => {
    expect(() => decodeStateBytes(utf8(text))).toThrow(StateFormatError);
    expect(() => decodeStateBytes(utf8(text))).toThrow(message);
  });

  it('a file that is not a state (meta.json, a proof, {}) is refused, naming the missing fields', () => {
    expect(() => decodeStateBytes(utf8('{}'))).toThrow(
      'state json: not a VM state: missing required fields "memory", "preimageKey", "preimageOffset", "heap", "exit", "exited", "step", "registers", "pc", "nextPC", "lo", "hi"',
    );
    expect(() => decodeStateBytes(utf8('{"symbols":[{"name":"main","start":4096,"size":8}]}'))).toThrow(
      /not a VM state: missing required fields "memory"/,
    );
    const proof = '{"step":1,"pre":"0x00","post":"0x00","state-data":"0x00","proof-data":"0x00"}';
    expect(() => decodeStateBytes(utf8(proof))).toThrow(/not a VM state/);
    const noExited = JSON.parse(jsonOf(new MipsState()));
    delete noExited.exited;
    expect(() => decodeStateBytes(utf8(JSON.stringify(noExited)))).toThrow(
      'state json: not a VM state: missing required field "exited"',
    );
  });

  it('a page that inflates past 4096 bytes stops there (a 1 MiB zlib bomb is refused, not inflated)', () => {
    const bomb = Buffer.from(deflateSync(new Uint8Array(1 << 20))).toString('base64');
    expect(() => decodeStateBytes(utf8(`{"memory":[{"index":0,"data":"${bomb}"}]}`))).toThrow(
      /memory entry 0: data is not base64\(zlib\(4096 bytes\)\)/,
    );
  });

  it('duplicate pages are refused in both formats', () => {
    const page = Buffer.from(deflateSync(new Uint8Array(4096))).toString('base64');
    const entry = `{"index":3,"data":"${page}"}`;
    expect(() => decodeStateBytes(utf8(`{"memory":[${entry},${entry}]}`))).toThrow(/duplicate page index 3/);
    const s = new MipsState();
    s.memory.setWord(0x3000, 1);
    const bin = binOf(s);
    const twice = concat([Uint8Array.of(0, 0, 0, 0, 2), bin.subarray(5, 5 + 4100), bin.subarray(5)]);
    expect(() => decodeStateBytes(twice)).toThrow(/duplicate page index 3/);
  });

  it('gzip: the 2-byte input 1f 8b, a corrupt stream and a bomb beyond maxBytes are StateFormatErrors', () => {
    expect(() => decodeStateBytes(Uint8Array.of(0x1f, 0x8b))).toThrow(/state: not a valid gzip stream/);
    const gz = gzipSync(binOf(sample()));
    gz[gz.length - 6]! ^= 0xff;
    expect(() => decodeStateBytes(gz)).toThrow(StateFormatError);
    const bomb = gzipSync(new Uint8Array(8 << 20));
    expect(() => decodeStateBytes(bomb, { maxBytes: 1 << 20 })).toThrow(
      'state: gzip data inflates to more than 1048576 bytes',
    );
  });

  it('binary: a step beyond 2^53 is refused rather than rounded', () => {
    const b = binOf(new MipsState());
    b[5 + 58] = 0xff;
    expect(() => decodeStateBytes(b)).toThrow(/step \d+ is beyond 2\^53/);
  });

  it('random mutations of JSON, binary and gzip states decode or fail with StateFormatError, nothing else', () => {
    const seeds = [utf8(jsonOf(sample())), binOf(sample()), new Uint8Array(gzipSync(binOf(sample())))];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        (which, edits, cut) => {
          const b = seeds[which]!.slice();
          for (const [at, v] of edits) b[at % b.length] = v;
          typedOrOk(() => decodeStateBytes(b));
          typedOrOk(() => decodeStateBytes(b.subarray(0, cut % (b.length + 1))));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('checkAnyStateBytes refuses exactly what decodeAnyStateBytes refuses, with the same message', () => {
    const seeds = [utf8(jsonOf(sample())), binOf(sample()), new Uint8Array(gzipSync(binOf(sample())))];
    const outcome = (f: () => unknown) => {
      try {
        f();
        return 'ok';
      } catch (e) {
        return (e as Error).message;
      }
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (which, edits) => {
          const b = seeds[which]!.slice();
          for (const [at, v] of edits) b[at % b.length] = v;
          expect(outcome(() => checkAnyStateBytes(b))).toBe(outcome(() => decodeAnyStateBytes(b)));
        },
      ),
      { numRuns: 300 },
    );
    expect(outcome(() => checkAnyStateBytes(seeds[0]!))).toBe('ok');
  });

  const dir = mkdtempSync(join(tmpdir(), 'faultline-state-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('readStateFile names the file a parse error came from', async () => {
    const path = join(dir, 'meta.json');
    writeFileSync(path, '{"symbols":[]}');
    await expect(readStateFile(path)).rejects.toThrow(`${path}: state json: not a VM state`);
  });
});
